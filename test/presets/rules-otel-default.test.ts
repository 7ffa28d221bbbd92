import { describeRules } from './promtool-suite.js';

describeRules("`naming: 'otel'` and the default config", { naming: 'otel' });
