import { join } from 'node:path';
import { createGateway, type Gateway } from '../../app.js';
import { resolveEffectiveAuthMode, type ConfigFlags } from '../../config/index.js';
import { CliError, type CliOutput } from '../cli-output.js';

export interface ServeOptions extends ConfigFlags {
  dataDir: string;
  env?: Record<string, string | undefined>;
}

/** Starts the gateway and keeps it running until SIGINT/SIGTERM. */
export async function runServe(options: ServeOptions, output: CliOutput): Promise<Gateway> {
  let gateway: Gateway;
  try {
    gateway = await createGateway({ dataDir: options.dataDir, flags: options, env: options.env });
  } catch (error) {
    throw new CliError(`Cannot start: ${(error as Error).message}`);
  }
  let baseUrl: string;
  try {
    baseUrl = await gateway.listen();
  } catch (error) {
    await gateway.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new CliError(`Port ${gateway.settings.current.port} is already in use (another agt or Antigravity Tools?). Stop it or start with --port <n>.`);
    }
    throw new CliError(`Cannot listen: ${(error as Error).message}`);
  }
  const settings = gateway.settings.current;
  const counts = gateway.pool.stateCounts();
  const mode = resolveEffectiveAuthMode(settings.authMode, settings.allowLanAccess);
  output.out(`agt listening on ${baseUrl}  (data: ${options.dataDir})`);
  output.out(
    `accounts: ${counts.active} active, ${counts.disabled} disabled (invalid_grant), ${counts.proxy_disabled} proxy-disabled; auth mode: ${mode}${mode === 'off' ? '' : ' (send the API key)'}`,
  );
  output.out(`dashboard: ${baseUrl}/   OpenAI base URL: ${baseUrl}/v1   Anthropic / Gemini base URL: ${baseUrl}`);
  output.out(
    settings.adminPassword
      ? 'dashboard login: the admin password (ABV_WEB_PASSWORD / proxy.admin_password)'
      : `dashboard login and API key: proxy.api_key in ${join(options.dataDir, 'gui_config.json')}`,
  );
  const stop = async () => {
    output.out('Shutting down…');
    await gateway.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return gateway;
}
