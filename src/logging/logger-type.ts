import type { Logger as PinoLogger } from 'pino';

/**
 * A pino logger whose lines carry the SDK's fields. `warning` and `critical` are methods
 * of their own (pino's `warn` and `fatal` stay as aliases), and children keep them.
 *
 * @example
 * ```ts
 * import { createLogger, type Logger } from '@transcode-flow/observability';
 *
 * const logger: Logger = createLogger({ name: 'api' });
 * logger.child({ component: 'uploads' }).warning('slow upload');
 * ```
 */
export type Logger = PinoLogger<'warning' | 'critical'>;
