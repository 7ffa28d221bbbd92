import { CUSTOM_CONFIG } from './helpers.js';
import { describeRules } from './promtool-suite.js';

describeRules('a custom prefix, selector, labels and thresholds', CUSTOM_CONFIG);
