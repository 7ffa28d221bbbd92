import { describeRules } from './promtool-suite.js';

describeRules('the default config', {});
