import { describe, expect, it } from 'vitest';
import { ALERTS } from './alerts/index.js';
import { THRESHOLDS } from './defaults.js';

describe('the defaults file', () => {
  it('holds the default threshold of every alert that has one, and nothing else', () => {
    const declared = ALERTS.flatMap((alert) => (alert.threshold ? [[alert.name, alert.threshold.default]] : []));
    expect(Object.entries(THRESHOLDS)).toEqual(declared);
  });
});
