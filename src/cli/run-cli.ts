import { Command, CommanderError, Option } from 'commander';
import { resolveDataDir } from '../config/index.js';
import { readVersion } from '../app.js';
import { addAccount, listAccounts, removeAccount, setProxyEnabled, showAccount, showQuota } from './commands/accounts-commands.js';
import { getConfig, setConfig } from './commands/config-command.js';
import { runLogin } from './commands/login-command.js';
import { runServe } from './commands/serve-command.js';
import { CliError, consoleOutput, type CliOutput } from './cli-output.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port "${value}"`, 2);
  return port;
}

/** Builds the `agt` command tree. Commands only parse and print; the work is in app.ts and the modules. */
export function buildProgram(output: CliOutput = consoleOutput): Command {
  const program = new Command('agt')
    .description('Local AI gateway: a pool of Google accounts behind OpenAI-, Anthropic- and Gemini-compatible APIs')
    .option('--data-dir <dir>', 'data directory (default: $ABV_DATA_DIR or ~/.antigravity_tools)')
    .version(readVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) });
  const dataDir = () => resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);

  program
    .command('serve')
    .description('run the gateway (default 127.0.0.1:8045)')
    .option('--port <port>', 'port to listen on', parsePort)
    .option('--allow-lan', 'listen on all interfaces (0.0.0.0)')
    .addOption(new Option('--auth-mode <mode>', 'API key requirement').choices(['off', 'strict', 'all_except_health', 'auto']))
    .option('--api-key <key>', 'API key clients must send (overrides ABV_API_KEY and gui_config.json)')
    .option('--admin-password <password>', 'dashboard / admin API password (overrides ABV_WEB_PASSWORD)')
    .action(async (options: { port?: number; allowLan?: boolean; authMode?: string; apiKey?: string; adminPassword?: string }) => {
      await runServe(
        { dataDir: dataDir(), port: options.port, allowLanAccess: options.allowLan, authMode: options.authMode, apiKey: options.apiKey, adminPassword: options.adminPassword },
        output,
      );
    });

  const accounts = program.command('accounts').description('manage the account pool');
  accounts
    .command('list')
    .description('list accounts with their state')
    .option('--json', 'machine-readable output (tokens masked)')
    .action((options: { json?: boolean }) => listAccounts(dataDir(), options, output));
  accounts
    .command('add')
    .description('add or re-authorize an account by refresh token (clears an invalid_grant disable)')
    .usage('--refresh-token <token>')
    .requiredOption('--refresh-token <token>', 'Google OAuth refresh token (required)')
    .action((options: { refreshToken: string }) => addAccount(dataDir(), options.refreshToken, output));
  accounts
    .command('show <idOrEmail>')
    .description('show one account (tokens masked)')
    .action((idOrEmail: string) => showAccount(dataDir(), idOrEmail, output));
  accounts
    .command('enable <idOrEmail>')
    .description('let the proxy use the account again (clears proxy_disabled)')
    .action((idOrEmail: string) => setProxyEnabled(dataDir(), idOrEmail, true, undefined, output));
  accounts
    .command('disable <idOrEmail>')
    .description('keep the proxy from using the account (sets proxy_disabled)')
    .option('--reason <text>', 'why, shown in the list and the dashboard')
    .action((idOrEmail: string, options: { reason?: string }) => setProxyEnabled(dataDir(), idOrEmail, false, options.reason, output));
  accounts
    .command('remove <idOrEmail>')
    .description('delete the account file')
    .action((idOrEmail: string) => removeAccount(dataDir(), idOrEmail, output));
  accounts
    .command('quota [idOrEmail]')
    .description('show the quota left per model (bars) and when it resets, from the account files')
    .option('--json', 'machine-readable output')
    .action((idOrEmail: string | undefined, options: { json?: boolean }) => showQuota(dataDir(), idOrEmail, options, output));

  const config = program
    .command('config')
    .description("read or change settings in gui_config.json (Antigravity Tools' names; a running gateway applies them)");
  config
    .command('get [key]')
    .description('print one setting, or all with descriptions')
    .action((key: string | undefined) => getConfig(dataDir(), key, output));
  config
    .command('set <key> <value>')
    .description('change one setting, e.g. `agt config set proxy.scheduling.mode CacheFirst`')
    .action((key: string, value: string) => setConfig(dataDir(), key, value, output));

  program
    .command('login')
    .description('add an account by signing in with Google in the browser (prints the URL for headless machines)')
    .option('--no-browser', 'do not try to open a browser')
    .option('--port <port>', 'local callback port (default: random)', parsePort)
    .action((options: { browser: boolean; port?: number }) => runLogin(dataDir(), options, output));

  program
    .command('simulate')
    .description('run the simulated Google (OAuth, userinfo, Cloud Code Assist) for tests and demos')
    .option('--port <port>', 'port', parsePort, 9000)
    .option('--host <host>', 'host', '127.0.0.1')
    .action(async (options: { port: number; host: string }) => {
      const { runSimulatorCli } = await import('../simulator/run-simulator-cli.js');
      await runSimulatorCli(options);
    });

  program
    .command('demo')
    .description('start the simulator and a gateway with three demo accounts')
    .option('--port <port>', 'gateway port', parsePort, 8045)
    .action(async (options: { port: number }) => {
      // The simulator is loaded only for the demo: `agt serve` starts without it.
      const { runDemo } = await import('./commands/demo-command.js');
      await runDemo(options, output);
    });

  return program;
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 failure, 2 usage). Long-running commands never resolve. */
export async function runCli(argv: string[], output: CliOutput = consoleOutput): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof CliError) {
      output.err(`error: ${error.message}`);
      return error.exitCode;
    }
    output.err(`error: ${(error as Error).message}`);
    return 1;
  }
}
