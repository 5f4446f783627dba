#!/usr/bin/env node
import { holdYoungGeneration } from './shared/young-generation.js';

// Before anything else loads: start-up (modules, the account load) does not grow V8's young generation; the first
// request with work to do releases it (shared/young-generation.ts).
holdYoungGeneration();
const { runCli } = await import('./cli/run-cli.js');

// The only place that exits the process with a code (long-running commands keep it alive themselves).
const exitCode = await runCli(process.argv);
if (exitCode !== 0 || !['serve', 'demo', 'simulate', 'login'].some((command) => process.argv.includes(command))) {
  process.exitCode = exitCode;
}
