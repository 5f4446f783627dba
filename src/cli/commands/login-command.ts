import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import { saveGoogleAccount } from '../../accounts/add-google-account.js';
import { AccountStore } from '../../accounts/index.js';
import { createGoogleClients } from '../../app.js';
import { loadSettings } from '../../config/index.js';
import { createPkcePair } from '../../google/index.js';
import { redactSecrets } from '../../shared/redact.js';
import { CliError, type CliOutput } from '../cli-output.js';
import { notifyRunningServer } from '../notify-running-server.js';

const LOGIN_TIMEOUT_MS = 10 * 60 * 1000;

function page(title: string, detail: string): string {
  return `<!doctype html><meta charset="utf-8"><title>agt</title><body style="font-family:system-ui;margin:3rem"><h1>${title}</h1><p>${detail}</p></body>`;
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser here: the printed URL and the paste fallback remain.
  }
}

/** Reads `code` (and `state`) from a pasted redirect URL, or takes a bare code. */
export function parsePastedCode(input: string): { code: string; state?: string } | null {
  const text = input.trim();
  if (text === '') return null;
  if (/^https?:\/\//.test(text) || text.includes('code=')) {
    const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text;
    const params = new URLSearchParams(query);
    const code = params.get('code');
    return code ? { code, state: params.get('state') ?? undefined } : null;
  }
  return { code: text };
}

/**
 * `agt login`: Google sign-in in the browser with a loopback callback on a random port, `state` checked and
 * PKCE. On a headless machine the user opens the printed URL elsewhere and pastes the final redirect URL
 * (or just the code) here.
 */
export async function runLogin(dataDir: string, options: { browser: boolean; port?: number }, output: CliOutput, env = process.env): Promise<void> {
  const store = new AccountStore({ dataDir });
  await store.init();
  const { settings } = await loadSettings(dataDir, {}, env);
  const { oauth, codeAssist, dispatcher } = createGoogleClients(env, settings.upstreamProxy, settings.antigravityVersion);
  const state = randomBytes(24).toString('base64url');
  const { verifier, challenge } = createPkcePair();

  let server: Server | undefined;
  let readline: ReturnType<typeof createInterface> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let redirectUri = '';
  try {
    const code = await new Promise<string>((resolve, reject) => {
      server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        if (url.pathname !== '/oauth-callback') {
          response.writeHead(404).end();
          return;
        }
        const error = url.searchParams.get('error');
        const gotState = url.searchParams.get('state');
        const gotCode = url.searchParams.get('code');
        if (error || !gotCode || gotState !== state) {
          response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Sign-in failed', error ? `Google answered: ${error}` : 'State mismatch or missing code; run agt login again.'));
          reject(new CliError(error ? `Google answered: ${error}` : 'The callback had a wrong state or no code; run `agt login` again.'));
          return;
        }
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Signed in', 'agt has the authorization. You can close this window.'));
        resolve(gotCode);
      });
      server.on('error', (error) => reject(new CliError(`Could not open the local callback port: ${error.message}`)));
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        const address = server?.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        redirectUri = `http://127.0.0.1:${port}/oauth-callback`;
        const url = oauth.buildAuthUrl({ redirectUri, state, codeChallenge: challenge });
        output.out('Open this URL in a browser and sign in with the Google account to add:');
        output.out('');
        output.out(`  ${url}`);
        output.out('');
        output.out('Waiting for the sign-in. On a machine without a browser, sign in elsewhere and paste the address');
        output.out('of the page you land on (it starts with http://127.0.0.1:…/oauth-callback?code=) here, then press Enter.');
        if (options.browser) openBrowser(url);
      });
      if (process.stdin.readable && !process.stdin.destroyed) {
        readline = createInterface({ input: process.stdin });
        readline.on('line', (line) => {
          const pasted = parsePastedCode(line);
          if (!pasted) return;
          if (pasted.state !== undefined && pasted.state !== state) {
            output.err('That URL belongs to another sign-in (state mismatch); paste the URL of this one.');
            return;
          }
          resolve(pasted.code);
        });
      }
      timer = setTimeout(() => reject(new CliError('Timed out waiting for the sign-in (10 minutes).')), LOGIN_TIMEOUT_MS);
    });
    const tokens = await oauth.exchangeCode({ code, redirectUri, codeVerifier: verifier });
    const result = await saveGoogleAccount({ store, oauth, codeAssist }, tokens, tokens.refresh_token ?? '');
    const verb = result.created ? 'Added' : result.reenabled ? 'Re-enabled' : 'Updated';
    output.out(`${verb} ${result.account.email} (${result.account.id}).`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Sign-in failed: ${redactSecrets((error as Error).message)}`);
  } finally {
    clearTimeout(timer);
    readline?.close();
    server?.close();
    await dispatcher.close();
  }
  const notified = await notifyRunningServer(dataDir);
  if (notified) output.out('The running gateway reloaded its pool.');
}
