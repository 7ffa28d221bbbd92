/**
 * The reasons an alert may keep the `instance` label (see `AlertDefinition.perInstance`).
 * Each is about one scrape target by nature; every other alert aggregates `instance` away.
 */
export const PER_INSTANCE = {
  /** node-exporter alerts: the instance is the host whose memory, CPU, disk or network is short. */
  host: 'node-exporter reports one host per instance, and the alert is about that host',
  /** cAdvisor alerts: the alert names the container, on the instance (cAdvisor of a node) that runs it. */
  container: 'cAdvisor reports the containers of one node per instance, and the alert is about one container',
  /** Runtime alerts: restarts and event loop lag belong to one Node.js process. */
  process: 'the alert is about one Node.js process (its restarts or event loop), which its instance names',
  /** `up == 0`: the alert names the target that cannot be scraped. */
  target: 'the alert names the scrape target that cannot be reached',
} as const;
