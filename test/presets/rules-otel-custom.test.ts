import { CUSTOM_CONFIG } from './helpers.js';
import { describeRules } from './promtool-suite.js';

describeRules("`naming: 'otel'` and a custom prefix, selector, labels and thresholds", {
  ...CUSTOM_CONFIG,
  naming: 'otel',
});
