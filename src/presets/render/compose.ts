import { generatedHeader } from './header.js';
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import { toYaml } from './yaml.js';

/** Pinned images of the monitoring stack (bump deliberately, with the changelog). */
const IMAGES = {
  prometheus: 'prom/prometheus:v2.53.2',
  alertmanager: 'prom/alertmanager:v0.27.0',
  grafana: 'grafana/grafana:11.2.2',
  nodeExporter: 'prom/node-exporter:v1.8.2',
  cadvisor: 'gcr.io/cadvisor/cadvisor:v0.49.1',
  postgresExporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
  redisExporter: 'oliver006/redis_exporter:v1.62.0',
} as const;

/** `docker-compose.yml`: Prometheus, Alertmanager, Grafana and the exporters `prometheus.yml` scrapes. */
export function renderCompose(config: ResolvedPresetConfig): string {
  const secrets = config.alertmanager.secretsDir;
  return toYaml(
    {
      name: 'transcode-flow-monitoring',
      services: {
        prometheus: {
          image: IMAGES.prometheus,
          command: [
            '--config.file=/etc/prometheus/prometheus.yml',
            '--storage.tsdb.retention.time=15d',
            '--web.enable-lifecycle',
          ],
          volumes: ['./prometheus:/etc/prometheus:ro', 'prometheus-data:/prometheus'],
          ports: ['19090:9090'],
          restart: 'unless-stopped',
        },
        alertmanager: {
          image: IMAGES.alertmanager,
          command: ['--config.file=/etc/alertmanager/config/alertmanager.yml', '--storage.path=/alertmanager'],
          volumes: ['./alertmanager:/etc/alertmanager/config:ro', 'alertmanager-data:/alertmanager'],
          secrets: [
            { source: 'smtp_password', target: `${secrets}/smtp_password` },
            { source: 'slack_api_url', target: `${secrets}/slack_api_url` },
          ],
          ports: ['19093:9093'],
          restart: 'unless-stopped',
        },
        grafana: {
          image: IMAGES.grafana,
          environment: { GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/grafana_admin_password' },
          secrets: ['grafana_admin_password'],
          volumes: [
            './grafana/provisioning:/etc/grafana/provisioning:ro',
            './grafana/dashboards:/var/lib/grafana/dashboards:ro',
            'grafana-data:/var/lib/grafana',
          ],
          ports: ['13000:3000'],
          restart: 'unless-stopped',
        },
        'node-exporter': {
          image: IMAGES.nodeExporter,
          command: ['--path.rootfs=/host'],
          pid: 'host',
          volumes: ['/:/host:ro,rslave'],
          restart: 'unless-stopped',
        },
        cadvisor: {
          image: IMAGES.cadvisor,
          privileged: true,
          volumes: ['/:/rootfs:ro', '/var/run:/var/run:ro', '/sys:/sys:ro', '/var/lib/docker/:/var/lib/docker:ro'],
          restart: 'unless-stopped',
        },
        'postgres-exporter': {
          image: IMAGES.postgresExporter,
          environment: {
            DATA_SOURCE_URI: '${POSTGRES_ADDRESS:-postgres:5432}/postgres?sslmode=disable',
            DATA_SOURCE_USER: '${POSTGRES_USER:-postgres}',
            DATA_SOURCE_PASS_FILE: '/run/secrets/postgres_password',
          },
          secrets: ['postgres_password'],
          restart: 'unless-stopped',
        },
        'redis-exporter': {
          image: IMAGES.redisExporter,
          environment: { REDIS_ADDR: '${REDIS_ADDRESS:-redis://redis:6379}' },
          restart: 'unless-stopped',
        },
      },
      // Create these files (never commit them); see docs/presets.md.
      secrets: {
        smtp_password: { file: './secrets/smtp_password' },
        slack_api_url: { file: './secrets/slack_api_url' },
        grafana_admin_password: { file: './secrets/grafana_admin_password' },
        postgres_password: { file: './secrets/postgres_password' },
      },
      volumes: { 'prometheus-data': {}, 'alertmanager-data': {}, 'grafana-data': {} },
    },
    [
      ...generatedHeader(),
      'Run from this directory: docker compose up -d (Prometheus :19090, Alertmanager :19093, Grafana :13000).',
    ],
  );
}
