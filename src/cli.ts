#!/usr/bin/env node
/** `spect-cds` / `npm run cli -- …`: see src/cli/main.ts for the commands. */
import { defaultCliEnv, runCli } from './cli/main.js';

const result = await runCli(process.argv.slice(2), defaultCliEnv());
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
