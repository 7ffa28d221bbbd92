#!/usr/bin/env node
/**
 * The `transcode-flow-observability` command.
 *
 * @packageDocumentation
 */
const HELP = `Usage: transcode-flow-observability <command> [options]

Commands:
  help              Show this help.
`;

process.stdout.write(HELP);
