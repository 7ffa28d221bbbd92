import { describe, expect, it } from 'vitest';
import { lastWindow, spelledWindow } from './window-text.js';

describe('the windows in annotation text', () => {
  it.each([
    ['5m', '5 minutes', 'the last 5 minutes'],
    ['1m', 'a minute', 'the last minute'],
    ['30s', '30 seconds', 'the last 30 seconds'],
    ['1h', 'an hour', 'the last hour'],
    ['6h', '6 hours', 'the last 6 hours'],
    ['90m', '90 minutes', 'the last 90 minutes'],
    ['1h30m', '90 minutes', 'the last 90 minutes'],
    ['1d', 'a day', 'the last day'],
    ['2d', '2 days', 'the last 2 days'],
  ])('spells %s as "%s" and "%s"', (duration, spelled, last) => {
    expect(spelledWindow(duration)).toBe(spelled);
    expect(lastWindow(duration)).toBe(last);
  });
});
