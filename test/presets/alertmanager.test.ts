import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireTool } from '../helpers/tools.js';
import { CUSTOM_CONFIG, renderToTemp, run } from './helpers.js';

interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

/** Alertmanager's matcher semantics for the `name="v"` and `name=~"re"` forms the presets use. */
function matches(matcher: string, labels: Record<string, string>): boolean {
  const [, name, op, value] = /^(\w+)(=~|=)"(.*)"$/.exec(matcher)!;
  const actual = labels[name!] ?? '';
  return op === '=' ? actual === value : new RegExp(`^(?:${value})$`).test(actual);
}

function inhibited(rules: InhibitRule[], target: Record<string, string>, firing: Record<string, string>[]): boolean {
  return rules.some(
    (rule) =>
      rule.target_matchers.every((m) => matches(m, target)) &&
      firing.some(
        (source) =>
          source !== target &&
          rule.source_matchers.every((m) => matches(m, source)) &&
          rule.equal.every((label) => (source[label] ?? '') === (target[label] ?? '')),
      ),
  );
}

describe.each([
  ['the default config', {}],
  ['a custom config', CUSTOM_CONFIG],
])('Alertmanager presets rendered with %s', (_, config) => {
  const amtool = requireTool('amtool');
  const { dir, cleanup } = renderToTemp(config);
  const am = join(dir, 'alertmanager');
  const configFile = join(am, 'alertmanager.yml');
  const document = parse(readFileSync(configFile, 'utf8')) as {
    inhibit_rules: InhibitRule[];
    receivers: { name: string }[];
  };
  afterAll(cleanup);

  it('pass amtool check-config with their templates', () => {
    const result = run(amtool, ['check-config', configFile]);
    expect(result.output).toContain('SUCCESS');
    expect(result.output).toContain('8 receivers');
    expect(result.status).toBe(0);
  });

  it('route every severity and component to the expected receivers', () => {
    const { routes } = parse(readFileSync(join(am, 'tests/routes.yml'), 'utf8')) as {
      routes: { labels: Record<string, string>; receivers: string[] }[];
    };
    expect(routes.length).toBeGreaterThan(10);
    const receivers = new Set(routes.flatMap((route) => route.receivers));
    expect([...receivers].sort()).toEqual(document.receivers.map((r) => r.name).sort());
    for (const route of routes) {
      const labels = Object.entries(route.labels).map(([k, v]) => `${k}=${v}`);
      const args = [
        'config',
        'routes',
        'test',
        `--config.file=${configFile}`,
        `--verify.receivers=${route.receivers.join(',')}`,
      ];
      const result = run(amtool, [...args, ...labels]);
      expect(result.status, `${labels.join(' ')} → ${result.output}`).toBe(0);
    }
  });

  it('inhibit warnings under criticals and API alerts under ApplicationDown, and nothing else', () => {
    const job = 'transcode-flow';
    const critical = { alertname: 'JobFailureRateHigh', severity: 'critical', job, component: 'jobs' };
    const warning = { alertname: 'JobFailureRateHigh', severity: 'warning', job, component: 'jobs' };
    const down = { alertname: 'ApplicationDown', severity: 'critical', job, component: 'system' };
    const apiErrors = { alertname: 'HighAPIErrorRate', severity: 'warning', job, component: 'api' };
    const otherJob = { ...apiErrors, job: 'other-service' };
    const memory = { alertname: 'HighMemoryUsage', severity: 'warning', job: 'node', component: 'system' };
    const rules = document.inhibit_rules;
    expect(inhibited(rules, warning, [critical, warning])).toBe(true);
    expect(inhibited(rules, critical, [critical, warning])).toBe(false);
    expect(inhibited(rules, apiErrors, [down, apiErrors])).toBe(true);
    expect(inhibited(rules, otherJob, [down, otherJob])).toBe(false);
    expect(inhibited(rules, memory, [down, memory])).toBe(false);
    expect(inhibited(rules, down, [down, apiErrors])).toBe(false);
    expect(inhibited(rules, apiErrors, [apiErrors])).toBe(false);
  });

  it('render every template with sample alerts, escaping HTML in emails', () => {
    const text = (template: string, type: 'text' | 'html') =>
      run(amtool, [
        'template',
        'render',
        `--template.glob=${join(am, 'templates/*.tmpl')}`,
        `--template.text={{ template "${template}" . }}`,
        `--template.type=${type}`,
        `--template.data=${join(am, 'tests/sample-alerts.json')}`,
      ]);
    for (const template of ['email.default.html', 'email.critical.html', 'email.warning.html', 'email.job.html']) {
      const result = text(template, 'html');
      expect(result.status, result.output).toBe(0);
      expect(result.output).toContain('JobFailureRateCritical example summary');
      expect(result.output).toContain('&lt;html&gt;');
      expect(result.output).toContain('/runbooks/HighAPILatencyP95.md');
    }
    expect(text('email.job.html', 'html').output).toContain('transcode');
    expect(text('email.subject', 'text').output.trim()).toBe('[FIRING:1] JobFailureRateCritical (critical)');
    expect(text('slack.title', 'text').output.trim()).toBe('[FIRING:1] JobFailureRateCritical');
    expect(text('slack.color', 'text').output.trim()).toBe('danger');
    expect(text('slack.text', 'text').output).toContain('|Runbook>');
  });

  it('read secrets from files and never hold one inline', () => {
    const raw = readFileSync(configFile, 'utf8');
    expect(raw).toContain('smtp_auth_password_file:');
    expect(raw).toContain('slack_api_url_file:');
    expect(raw).not.toMatch(/^\s*(smtp_auth_password|slack_api_url|api_url|auth_password):/m);
  });
});
