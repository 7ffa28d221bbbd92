import { groupsAreOn } from '../config/groups.js';
import { groupReader } from '../recording-rules.js';
import { apiPerformance } from './api-performance.js';
import { jobProcessing } from './job-processing.js';
import type { DashboardSpec, PanelContext } from './panel.js';
import { systemOverview } from './system-overview.js';
import { videoProcessing } from './video-processing.js';

/**
 * The four dashboards with the panels the config's `groups` leave on: a panel is shown when
 * every metric its queries read (recording rules resolved to their metrics) is in a group that
 * is on. A dashboard left without panels is not rendered.
 */
export function dashboards(c: PanelContext): DashboardSpec[] {
  const reader = groupReader(c);
  const shown = (spec: DashboardSpec): DashboardSpec => ({
    ...spec,
    panels: spec.panels.filter((panel) =>
      panel.queries.every((query) => groupsAreOn(reader.groups(query.expr), c.config.groups)),
    ),
  });
  return [systemOverview(c), jobProcessing(c), apiPerformance(c), videoProcessing(c)]
    .map(shown)
    .filter((spec) => spec.panels.length > 0);
}
