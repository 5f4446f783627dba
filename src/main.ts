#!/usr/bin/env node
import { holdYoungGeneration } from './shared/young-generation.js';

// Before anything else loads: the gateway's start-up (modules, the account load) does not grow V8's young generation;
// its first request with work to do releases it (shared/young-generation.ts). Other commands (the simulator among
// them) have no such request and are left as V8 runs them.
if (['serve', 'demo'].some((command) => process.argv.includes(command))) holdYoungGeneration();
const { runCli } = await import('./cli/run-cli.js');

// The only place that exits the process with a code (long-running commands keep it alive themselves).
const exitCode = await runCli(process.argv);
if (exitCode !== 0 || !['serve', 'demo', 'simulate', 'login'].some((command) => process.argv.includes(command))) {
  process.exitCode = exitCode;
}
