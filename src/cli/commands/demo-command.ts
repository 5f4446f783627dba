import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccountWithRefreshToken } from '../../accounts/add-google-account.js';
import { createGateway, createGoogleClients } from '../../app.js';
import { startGoogleSimulator } from '../../simulator/index.js';
import type { CliOutput } from '../cli-output.js';

/**
 * `agt demo`: the simulated Google plus a gateway on a temporary data directory with three accounts, so a
 * newcomer sees requests flow (and an account break and recover) in one command, with no Google account.
 */
export async function runDemo(options: { port: number }, output: CliOutput): Promise<void> {
  const simulator = await startGoogleSimulator();
  const dataDir = await mkdtemp(join(tmpdir(), 'agt-demo-'));
  const env = { ...process.env, AGT_GOOGLE_BASE_URL: simulator.url, ABV_DATA_DIR: dataDir };
  const { oauth, codeAssist, dispatcher } = createGoogleClients(env, null);
  const emails = ['ada@demo.agt', 'grace@demo.agt', 'linus@demo.agt'];
  const { AccountStore } = await import('../../accounts/index.js');
  const store = new AccountStore({ dataDir });
  await store.init();
  for (const email of emails) {
    const { refreshToken } = simulator.state.createAccount({ email, name: email.split('@')[0] });
    await addAccountWithRefreshToken({ store, oauth, codeAssist }, refreshToken);
  }
  await dispatcher.close();

  const key = 'sk-agt-demo';
  let gateway = await createGateway({ dataDir, env, flags: { port: options.port, authMode: 'strict', apiKey: key } });
  let baseUrl: string;
  try {
    baseUrl = await gateway.listen();
  } catch {
    // The port is taken (a real agt is running): take any free one.
    await gateway.close();
    gateway = await createGateway({ dataDir, env, flags: { port: 0, authMode: 'strict', apiKey: key } });
    baseUrl = await gateway.listen();
  }
  output.out('agt demo is running against a simulated Google (no real accounts, nothing leaves this machine).');
  output.out(`  base URL:   ${baseUrl}`);
  output.out(`  API key:    ${key}`);
  output.out(`  dashboard:  ${baseUrl}/   (password: ${key})`);
  output.out(`  accounts:   ${emails.join(', ')}   data dir: ${dataDir}`);
  output.out('');
  output.out('Try:');
  output.out(`  curl -s ${baseUrl}/v1/chat/completions -H 'Authorization: Bearer ${key}' -H 'content-type: application/json' \\`);
  output.out(`    -d '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hello"}]}'`);
  output.out(`  curl -sN ${baseUrl}/v1/messages -H 'x-api-key: ${key}' -H 'content-type: application/json' \\`);
  output.out(`    -d '{"model":"claude-sonnet-4-6","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"hello"}]}'`);
  output.out(`  node -e "new (require('openai').OpenAI)({baseURL:'${baseUrl}/v1',apiKey:'${key}'}).chat.completions.create({model:'gemini-2.5-flash',messages:[{role:'user',content:'hi'}]}).then(r=>console.log(r.choices[0].message.content))"`);
  output.out('');
  output.out('Break an account the way Google does (revoked refresh token), then watch the next request skip it:');
  output.out(`  curl -s -X POST ${simulator.url}/_sim/accounts/ada@demo.agt/revoke`);
  output.out('Press Ctrl-C to stop.');
  const stop = async () => {
    await gateway.close().catch(() => undefined);
    await simulator.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
