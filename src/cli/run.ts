import { type CliIo, EXIT } from './io.js';
import { RENDER_PRESETS_HELP, renderPresetsCommand } from './render-presets.js';
import { VERIFY_HELP, verifyCommand } from './verify.js';

/** The bin's top-level help. */
export const HELP = `Usage: transcode-flow-observability <command> [options]

Commands:
  render-presets --out DIR [--prefix P] [--config FILE]
                    Write the monitoring presets (Prometheus, Alertmanager, Grafana,
                    Kubernetes, docker-compose) for your prefix and thresholds.
  verify --url URL  Check a live /metrics against the metric catalogue.
  help [command]    Show this help, or a command's help.

Run "transcode-flow-observability <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { help: string; run: (argv: readonly string[], io: CliIo) => Promise<number> }> = {
  'render-presets': { help: RENDER_PRESETS_HELP, run: renderPresetsCommand },
  verify: { help: VERIFY_HELP, run: verifyCommand },
};

/** Runs the bin with its arguments (without `node` and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const command = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    io.stdout(command?.help ?? HELP);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`unknown command "${name}".\n\n${HELP}`);
    return EXIT.usage;
  }
  return command.run(rest, io);
}
