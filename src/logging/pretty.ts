import { moduleRequire } from '../core/module-require.js';
import type { DestinationStream } from 'pino';
import { invalidOption } from '../core/errors.js';

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/**
 * A `pino-pretty` stream configured for this logger's field names (`message`, `timestamp`,
 * level names). `pino-pretty` is an optional dependency, loaded only here.
 *
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when `pino-pretty` cannot be resolved.
 */
export function prettyStream(
  options: Readonly<Record<string, unknown>>,
  destination: DestinationStream | NodeJS.WritableStream | number | undefined,
): DestinationStream {
  let factory: PrettyFactory;
  try {
    factory = moduleRequire()('pino-pretty') as PrettyFactory;
  } catch {
    throw invalidOption(
      'pretty',
      'is set but the optional package pino-pretty cannot be found',
      'pino-pretty installed (`npm install --save-dev pino-pretty`), or `pretty: false` in production',
    );
  }
  return factory({
    messageKey: 'message',
    timestampKey: 'timestamp',
    // Lines carry level names, which pino-pretty's colorizer does not know: print them as they are.
    customPrettifiers: { level: (level: unknown) => String(level).toUpperCase() },
    ...(destination === undefined ? {} : { destination }),
    ...options,
  });
}
