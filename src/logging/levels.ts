import { invalidOption } from '../core/errors.js';

/**
 * The level names a line carries (debug, info, warning, error, critical: the Contract's names,
 * which log pipelines map to syslog severities). pino's own method names
 * stay usable: `warn` writes a `warning` line and `fatal` a `critical` one.
 *
 * @example
 * ```ts
 * import type { LevelName } from '@transcode-flow/observability';
 *
 * const alerting: LevelName[] = ['error', 'critical'];
 * ```
 */
export type LevelName = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'critical';

/**
 * A level as accepted by the `level` option of `createLogger`: one of ours, pino's
 * `warn`/`fatal`, or `silent`.
 *
 * @example
 * ```ts
 * import { createLogger, type LevelOption } from '@transcode-flow/observability';
 *
 * const level = (process.env.LOG_LEVEL ?? 'info') as LevelOption;
 * createLogger({ level });
 * ```
 */
export type LevelOption = LevelName | 'warn' | 'fatal' | 'silent';

/** pino's numeric level of each name written in a line. */
const LEVEL_VALUES: Readonly<Record<LevelName, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warning: 40,
  error: 50,
  critical: 60,
});

const NAME_OF_VALUE = new Map<number, LevelName>(
  Object.entries(LEVEL_VALUES).map(([name, value]) => [value, name as LevelName]),
);

const TO_PINO: Readonly<Record<LevelOption, string>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
  fatal: 'fatal',
  silent: 'silent',
};

/**
 * Whether `value` is exactly a level option's name (`info`, `warning`, `warn`, …, `silent`; case
 * matters): for levels returned by user callbacks, which anything else cannot be trusted as.
 */
export function isLevelOption(value: unknown): value is LevelOption {
  return typeof value === 'string' && Object.hasOwn(TO_PINO, value);
}

/** The name written in the line for pino's numeric level (a custom value is written as `level_<n>`). */
export function levelName(value: number): string {
  return NAME_OF_VALUE.get(value) ?? `level_${value}`;
}

/** pino's name for a level option; throws `TFO_ERR_INVALID_OPTION` for an unknown one. */
export function toPinoLevel(option: string, value: unknown): string {
  if (typeof value === 'string') {
    const pinoLevel = TO_PINO[value.toLowerCase() as LevelOption];
    if (pinoLevel !== undefined) return pinoLevel;
  }
  throw invalidOption(option, `is ${JSON.stringify(value)}`, `one of ${Object.keys(TO_PINO).join(', ')}`);
}
