import { loadConfig, type ServiceConfig } from './config.js';
import { runDemo } from './demo.js';
import { startService } from './service.js';

/** Writes a line for a person to stderr (stdout carries only JSON log lines). */
const say = (text: string): boolean => process.stderr.write(`${text}\n`);

function banner(url: string, key: string, generated: boolean, config: ServiceConfig): void {
  say('');
  say(`Transcode service listening on ${url} (queue: ${config.redisUrl === undefined ? 'in memory' : 'BullMQ'})`);
  say(generated ? `API key (generated; set API_KEYS to choose your own): ${key}` : 'API keys: from API_KEYS');
  say(`  metrics  ${url}/metrics`);
  say(`  health   ${url}/health/detailed`);
  say(`  submit   curl -H 'X-API-Key: ${generated ? key : '<key>'}' -H 'Content-Type: application/json' \\`);
  say(`             -d '{"source":"${config.sourceDirs[0]}/<file>.mp4"}' ${url}/jobs`);
  say(
    `Stop with Ctrl-C (SIGINT) or SIGTERM: running jobs finish first; queued jobs ${
      config.redisUrl === undefined ? 'are cancelled' : 'stay in Redis for the next start'
    }.`,
  );
  say('');
}

async function main(): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    say(`transcode-service: ${(error as Error).message}`);
    process.exit(2);
  }
  const service = await startService(config);
  banner(service.url, service.apiKey, service.generatedKey !== undefined, config);
  const demo = config.demo ? runDemo(service, config.dataDir, config.metricsToken) : undefined;

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (++signals > 1) {
      say(`${signal} again: exiting without waiting for jobs`);
      process.exit(1);
    }
    say(
      `${signal} received: running jobs finish, queued jobs are ${
        config.redisUrl === undefined ? 'cancelled' : 'left in Redis'
      }, then the service exits (send it again to exit at once)`,
    );
    void (async () => {
      await demo?.stop();
      await service.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  say(`transcode-service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
