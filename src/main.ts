#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';

// The only place that exits the process with a code (long-running commands keep it alive themselves).
const exitCode = await runCli(process.argv);
if (exitCode !== 0 || !['serve', 'demo', 'simulate', 'login'].some((command) => process.argv.includes(command))) {
  process.exitCode = exitCode;
}
