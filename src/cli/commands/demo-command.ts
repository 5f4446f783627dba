import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccountWithRefreshToken } from '../../accounts/add-google-account.js';
import { createGateway, createGoogleClients, type Gateway } from '../../app.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../simulator/index.js';
import type { CliOutput } from '../cli-output.js';

/**
 * `agt demo`: the simulated Google plus a gateway on a temporary data directory with three accounts, so a
 * newcomer sees requests flow (and an account break and recover) in one command, with no Google account.
 */
export async function runDemo(options: { port: number }, output: CliOutput): Promise<void> {
  const simulator = await startGoogleSimulator();
  const dataDir = await mkdtemp(join(tmpdir(), 'agt-demo-'));
  // The demo's data directory is throwaway: it goes when the demo stops, however it stops.
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }).catch(() => undefined);
  let gateway: Gateway | undefined;
  let baseUrl: string;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await gateway?.close().catch(() => undefined);
    await simulator.close().catch(() => undefined);
    await removeDataDir();
    process.exit(code);
  };
  try {
    ({ gateway, baseUrl } = await startDemoGateway(simulator, dataDir, options.port));
  } catch (error) {
    await simulator.close().catch(() => undefined);
    await removeDataDir();
    throw error;
  }
  const key = DEMO_KEY;
  const [ada] = DEMO_EMAILS;
  output.out('agt demo is running against a simulated Google (no real accounts, nothing leaves this machine).');
  output.out(`  base URL:   ${baseUrl}`);
  output.out(`  API key:    ${key}`);
  output.out(`  dashboard:  ${baseUrl}/   (password: ${key})`);
  output.out(`  accounts:   ${DEMO_EMAILS.join(', ')}`);
  output.out(`  data dir:   ${dataDir}   (deleted when the demo stops)`);
  output.out('');
  output.out('Try:');
  output.out(`  curl -s ${baseUrl}/v1/chat/completions -H 'Authorization: Bearer ${key}' -H 'content-type: application/json' \\`);
  output.out(`    -d '{"model":"gemini-3-flash","messages":[{"role":"user","content":"hello"}]}'`);
  output.out(`  curl -sN ${baseUrl}/v1/messages -H 'x-api-key: ${key}' -H 'content-type: application/json' \\`);
  output.out(`    -d '{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"hello"}]}'`);
  output.out(`  node -e "new (require('openai').OpenAI)({baseURL:'${baseUrl}/v1',apiKey:'${key}'}).chat.completions.create({model:'gemini-3-flash',messages:[{role:'user',content:'hi'}]}).then(r=>console.log(r.choices[0].message.content))"`);
  output.out('');
  output.out('Break an account the way Google does (revoked refresh token), then watch the next request skip it:');
  output.out(`  curl -s -X POST ${simulator.url}/_sim/accounts/${ada}/revoke`);
  output.out(`Recover it: in the dashboard, click "Re-authorize" on ${ada} (the simulated Google signs in as that account),`);
  output.out('or give agt a new refresh token from the command line:');
  output.out(`  TOKEN=$(curl -s -X POST ${simulator.url}/_sim/accounts/${ada}/refresh-token | node -pe 'JSON.parse(require("fs").readFileSync(0)).refresh_token')`);
  output.out(`  AGT_GOOGLE_BASE_URL=${simulator.url} agt --data-dir ${dataDir} accounts add --refresh-token "$TOKEN"`);
  output.out('Press Ctrl-C to stop.');
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
}

const DEMO_KEY = 'sk-agt-demo';
const DEMO_EMAILS = ['ada@demo.agt', 'grace@demo.agt', 'linus@demo.agt'];
/** Per-model quota the simulated accounts report, so the dashboard's quota bars differ from account to account. */
const DEMO_QUOTA: Record<string, Record<string, number>> = {
  'ada@demo.agt': { 'claude-sonnet-4-6': 0.35, 'gemini-pro-agent': 0.8 },
  'grace@demo.agt': { 'claude-sonnet-4-6': 0.9, 'gemini-3-flash': 0.45 },
  'linus@demo.agt': { 'claude-sonnet-4-6': 0.05, 'gemini-3-flash': 0.6 },
};

async function startDemoGateway(simulator: GoogleSimulator, dataDir: string, port: number) {
  const env = { ...process.env, AGT_GOOGLE_BASE_URL: simulator.url, ABV_DATA_DIR: dataDir };
  const { oauth, codeAssist, dispatcher } = createGoogleClients(env, null);
  const { AccountStore } = await import('../../accounts/index.js');
  const store = new AccountStore({ dataDir });
  await store.init();
  try {
    for (const email of DEMO_EMAILS) {
      const { refreshToken } = simulator.state.createAccount({ email, name: email.split('@')[0] });
      for (const [model, remainingFraction] of Object.entries(DEMO_QUOTA[email] ?? {})) simulator.state.setQuota(email, { model, remainingFraction });
      await addAccountWithRefreshToken({ store, oauth, codeAssist }, refreshToken);
    }
  } finally {
    await dispatcher.close();
  }
  let gateway = await createGateway({ dataDir, env, flags: { port, authMode: 'strict', apiKey: DEMO_KEY } });
  let baseUrl: string;
  try {
    baseUrl = await gateway.listen();
  } catch {
    // The port is taken (a real agt is running): take any free one.
    await gateway.close();
    gateway = await createGateway({ dataDir, env, flags: { port: 0, authMode: 'strict', apiKey: DEMO_KEY } });
    baseUrl = await gateway.listen();
  }
  return { gateway, baseUrl };
}
