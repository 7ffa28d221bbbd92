import { describe, expect, it } from 'vitest';
import { durationSeconds } from '../config/validation.js';
import { resolvePresetConfig } from '../config/resolve-config.js';
import { ALERTS } from './index.js';
import { ALL_ALERT_NAMES } from './names.js';

describe('the `for` of every alert', () => {
  it.each(ALERTS.map((definition) => [definition.name, definition.for]))(
    '%s waits a non-zero time (%s) before it fires, so one scrape cannot page anyone',
    (_, wait) => {
      expect(durationSeconds(wait)).toBeGreaterThan(0);
    },
  );

  it.each(ALL_ALERT_NAMES.flatMap((name) => ['0m', '0s', '0h0m'].map((wait) => [name, wait])))(
    'refuses a config that sets %s to fire after %s',
    (name, wait) => {
      expect(() => resolvePresetConfig({ alerts: { [name]: { for: wait } } })).toThrow(
        expect.objectContaining({
          code: 'TFO_ERR_INVALID_PRESET_CONFIG',
          message: expect.stringContaining(`alerts.${name}.for`) as string,
        }),
      );
    },
  );
});
