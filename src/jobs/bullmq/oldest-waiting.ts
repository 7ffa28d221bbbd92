import type { LeaseRedis } from './types.js';

/**
 * Reads, in one atomic script and a bounded number of commands whatever the queue's size,
 * the jobs that can be the longest-waiting one of a BullMQ queue:
 * - both ends of the `wait` list (FIFO jobs enter on the left and leave on the right, LIFO
 *   jobs enter on the right) and of the legacy `paused` list (BullMQ 5 before paused jobs
 *   stayed in `wait`);
 * - in the `prioritized` sorted set (score = priority * 2^32 + a counter, so FIFO within a
 *   priority), the next job to run and the oldest job of the lowest priority, the one
 *   starved first;
 * - the head of the `delayed` set (score = the time its delay ends * 4096 + a counter), which
 *   waits once that time has passed even when no worker has promoted it yet.
 *
 * KEYS: wait, paused, prioritized, delayed. ARGV: the job key prefix (`<prefix>:<queue>:`).
 * Returns the delayed head's score (or nil), then three fields per candidate job:
 * `timestamp`, `processedOn`, `opts`.
 */
const READ_OLDEST = `
local ids = {}
local function add(id) if id then ids[#ids + 1] = id end end
for i = 1, 2 do
  add(redis.call('LINDEX', KEYS[i], -1))
  add(redis.call('LINDEX', KEYS[i], 0))
end
add(redis.call('ZRANGE', KEYS[3], 0, 0)[1])
local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
if last[2] then
  local band = math.floor(tonumber(last[2]) / 4294967296) * 4294967296
  add(redis.call('ZRANGEBYSCORE', KEYS[3], string.format('%.0f', band),
    '(' .. string.format('%.0f', band + 4294967296), 'LIMIT', 0, 1)[1])
end
local delayed = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
local reply = { delayed[2] or false }
for _, id in ipairs(ids) do
  local fields = redis.call('HMGET', ARGV[1] .. id, 'timestamp', 'processedOn', 'opts')
  reply[#reply + 1] = fields[1]
  reply[#reply + 1] = fields[2]
  reply[#reply + 1] = fields[3]
end
return reply
`;

/** The Redis keys of one BullMQ queue that the read needs. */
export interface QueueKeys {
  readonly wait: string;
  readonly paused: string;
  readonly prioritized: string;
  readonly delayed: string;
  /** What a job id is appended to for the job's hash key. */
  readonly jobPrefix: string;
}

/** The keys of the queue whose keys start with `qualifiedName` (BullMQ's `<prefix>:<name>`). */
export function queueKeys(qualifiedName: string): QueueKeys {
  return {
    wait: `${qualifiedName}:wait`,
    paused: `${qualifiedName}:paused`,
    prioritized: `${qualifiedName}:prioritized`,
    delayed: `${qualifiedName}:delayed`,
    jobPrefix: `${qualifiedName}:`,
  };
}

function finite(value: unknown): number | undefined {
  if (value === null || value === undefined || value === false || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** The `delay` a job was added with, from its stored `opts` JSON; 0 when absent or unreadable. */
function addedDelay(opts: unknown): number {
  if (typeof opts !== 'string') return 0;
  try {
    const delay = finite((JSON.parse(opts) as { delay?: unknown } | null)?.delay);
    return delay !== undefined && delay > 0 ? delay : 0;
  } catch {
    return 0;
  }
}

/**
 * When a job in the waiting list or the prioritized set became ready to run, in ms since the
 * epoch: when it was added, plus the delay it was added with (BullMQ resets the hash's `delay`
 * to 0 when it promotes the job, but keeps the option); for a job that ran before (a retry, a
 * stalled job moved back), no earlier than the start of its last attempt, since BullMQ keeps
 * no time of its return to the queue. `undefined` when the job is gone (it left the list
 * between the reads) or its hash has no timestamp.
 */
export function readySince(timestamp: unknown, processedOn: unknown, opts: unknown): number | undefined {
  const added = finite(timestamp);
  if (added === undefined) return undefined;
  return Math.max(added + addedDelay(opts), finite(processedOn) ?? 0);
}

/** The time a delayed job's delay ends, from its score in the `delayed` set (time * 4096 + counter). */
export function delayedUntil(score: unknown): number | undefined {
  const value = finite(score);
  return value === undefined ? undefined : Math.floor(value / 0x1000);
}

/**
 * Reads the age, in seconds, of the oldest job of a BullMQ queue that is ready to run and
 * waits: in `wait` (or the legacy `paused` list), in `prioritized`, or in `delayed` with its
 * delay over. 0 when no job waits. One script call, a bounded number of Redis commands
 * whatever the queue's size.
 *
 * @param redis - The queue's Redis client (ioredis).
 * @param keys - The queue's keys, from {@link queueKeys}.
 * @param now - The clock, in ms since the epoch; read when the reply arrives.
 */
export async function readOldestWaitingAge(
  redis: LeaseRedis,
  keys: QueueKeys,
  now: () => number = Date.now,
): Promise<number> {
  const reply = await redis.eval(
    READ_OLDEST,
    4,
    keys.wait,
    keys.paused,
    keys.prioritized,
    keys.delayed,
    keys.jobPrefix,
  );
  const values = Array.isArray(reply) ? (reply as unknown[]) : [];
  const at = now();
  let oldest = Infinity;
  const due = delayedUntil(values[0]);
  if (due !== undefined && due <= at) oldest = due;
  for (let i = 1; i + 2 < values.length; i += 3) {
    const since = readySince(values[i], values[i + 1], values[i + 2]);
    if (since !== undefined && since < oldest) oldest = since;
  }
  return oldest === Infinity ? 0 : Math.max(0, at - oldest) / 1000;
}
