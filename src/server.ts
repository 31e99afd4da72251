/**
 * Process entry point: load config, policy and card texts (any problem stops the process with exit code 1 and a
 * message naming the bad file and field), then listen on PORT.
 */
import { createApp } from './app/create-app.js';
import { loadCardTexts } from './app/load-cards.js';
import { loadConfig } from './app/load-config.js';
import { loadPolicy } from './app/load-policy.js';
import { createLogger } from './app/logger.js';

function main(): void {
  let loaded: ReturnType<typeof loadConfig>;
  let policy: ReturnType<typeof loadPolicy>;
  let cardTexts: ReturnType<typeof loadCardTexts>;
  try {
    loaded = loadConfig();
    policy = loadPolicy(loaded.policyDir);
    cardTexts = loadCardTexts(loaded.cardsDir);
  } catch (error) {
    process.stderr.write(`spect-spine-cds: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: loaded.logLevel });
  const { config, port } = loaded;
  const app = createApp({ config, policy, cardTexts, logger });
  const server = app.listen(port, () => {
    logger.info(
      {
        port,
        baseUrl: config.baseUrl,
        configFile: loaded.file ?? null,
        clients: config.clients.map((client) => client.iss),
        policy: `${policy.id} ${policy.version}`,
      },
      'listening',
    );
  });
  server.on('error', (error) => {
    logger.fatal({ err: { message: error.message } }, 'server error');
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
