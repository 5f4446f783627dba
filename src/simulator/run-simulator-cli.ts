/**
 * `agt simulate`: runs the simulated Google in the foreground until SIGINT or SIGTERM (or `signal` aborts).
 */
import { startGoogleSimulator, type SimulatorOptions } from './start-google-simulator.js';

export interface SimulatorCliOptions extends SimulatorOptions {
  /** Stops the simulator when aborted (for embedding and tests); signals stop it too. */
  signal?: AbortSignal;
}

export async function runSimulatorCli(options: SimulatorCliOptions = {}): Promise<void> {
  const { signal, ...simulatorOptions } = options;
  const simulator = await startGoogleSimulator(simulatorOptions);
  process.stdout.write(`Google simulator listening on ${simulator.url}\n`);
  process.stdout.write(
    `Create an account: curl -X POST ${simulator.url}/_sim/accounts -H 'content-type: application/json' ` +
      `-d '{"email":"you@example.com"}'\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop);
  });
  await simulator.close();
}
