import type { RuleContext } from '../alerts/types.js';
import { generatedHeader } from './header.js';
import { recordingGroups, type RecordingGroup } from '../recording-rules.js';
import { toYaml, type YamlValue } from './yaml.js';

/** A recording rule group as data. */
export function recordingRuleGroup(group: RecordingGroup): { name: string; rules: YamlValue[] } {
  return {
    name: group.name,
    rules: group.rules.map((rule) => ({
      record: rule.record,
      expr: rule.expr,
      ...(rule.labels ? { labels: { ...rule.labels } } : {}),
    })),
  };
}

/** `prometheus/rules/<file>.yml`, one per recording group. */
export function renderRecordingFiles(c: RuleContext): Map<string, string> {
  const files = new Map<string, string>();
  for (const group of recordingGroups(c)) {
    files.set(`${group.file}.yml`, toYaml({ groups: [recordingRuleGroup(group)] }, generatedHeader()));
  }
  return files;
}
