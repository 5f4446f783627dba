/**
 * Pool selection cost: a real AccountPool over a real AccountStore in a temp dir holding `size` account files
 * whose access tokens are fresh (expiry a day ahead) and whose project ids are set, so `acquire` never goes to
 * the network. Times `pool.acquire(...)` + `pool.release(...)` in a tight loop, once per scheduling mode:
 * Balance and CacheFirst with requests spread over `conversations` distinct conversation ids (so every call looks
 * up, and the first calls create, a sticky binding), PerformanceFirst with none (power of two choices). The mean
 * comes from the wall time of the whole loop, the p50/p99 from per-call hrtime samples (~0.1 µs of timer overhead).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeSamples } from './summarize-samples.mjs';

const NOOP_LOGGER = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Network clients that must never be called: every token is fresh and every project is known. */
const FORBIDDEN_OAUTH = {
  refresh: async () => {
    throw new Error('bench: the pool tried to refresh a token; the account files are supposed to be fresh');
  },
};
const FORBIDDEN_CODE_ASSIST = {
  resolveProjectId: async () => {
    throw new Error('bench: the pool tried to resolve a project; every account file has one');
  },
};

function buildAccountFile(index, nowSeconds) {
  const id = `bench-${String(index).padStart(6, '0')}`;
  return {
    id,
    email: `bench${index}@example.com`,
    name: `Bench ${index}`,
    token: {
      access_token: `sim-at-bench-${index}`,
      refresh_token: `sim-rt-bench-${index}`,
      expires_in: 86_400,
      expiry_timestamp: nowSeconds + 86_400,
      token_type: 'Bearer',
      project_id: `bench-project-${index}`,
    },
    created_at: nowSeconds,
    last_used: nowSeconds,
  };
}

export async function writeAccountFiles(accountsDir, size) {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const batch = 128;
  for (let start = 0; start < size; start += batch) {
    const writes = [];
    for (let index = start; index < Math.min(size, start + batch); index += 1) {
      const account = buildAccountFile(index, nowSeconds);
      writes.push(writeFile(join(accountsDir, `${account.id}.json`), JSON.stringify(account, null, 2), { mode: 0o600 }));
    }
    await Promise.all(writes);
  }
}

/**
 * @param {{ dist: string, sizes: number[], iterations: number, warmup: number, model: string, modes?: string[], conversations?: number }} options
 * `dist` is the absolute path of the built `dist/src` directory.
 */
export async function measurePoolSelection({ dist, sizes, iterations, warmup, model, modes = SCHEDULING_MODES, conversations = 1_000 }) {
  const { AccountStore } = await import(join(dist, 'accounts/index.js'));
  const { AccountPool, createAcquireContext } = await import(join(dist, 'pool/index.js'));
  const { DEFAULT_SETTINGS } = await import(join(dist, 'config/config-schema.js'));
  const results = [];
  for (const size of sizes) {
    for (const mode of modes) {
      results.push(await measureOneMode({ AccountStore, AccountPool, createAcquireContext, DEFAULT_SETTINGS, size, mode, conversations, iterations, warmup, model }));
    }
  }
  return results;
}

const SCHEDULING_MODES = ['Balance', 'CacheFirst', 'PerformanceFirst'];

async function measureOneMode({ AccountStore, AccountPool, createAcquireContext, DEFAULT_SETTINGS, size, mode, conversations, iterations, warmup, model }) {
  const settings = {
    scheduling: { mode, maxWaitSeconds: DEFAULT_SETTINGS.scheduling.maxWaitSeconds },
    preferredAccountId: null,
    quotaProtection: DEFAULT_SETTINGS.quotaProtection,
  };
  const sticky = mode !== 'PerformanceFirst';
  const conversationIds = Array.from({ length: conversations }, (_, index) => `bench-conversation-${index}`);
  const contextFor = (index) =>
    createAcquireContext(model, undefined, undefined, sticky ? { conversationId: conversationIds[index % conversations] } : {});
  const acquireAndRelease = async (pool, index) => {
    const context = contextFor(index);
    const lease = await pool.acquire(context);
    pool.release(context);
    return lease;
  };
  const dataDir = await mkdtemp(join(tmpdir(), `agt-bench-pool-${size}-`));
  try {
    await mkdir(join(dataDir, 'accounts'), { recursive: true });
    const writeStarted = performance.now();
    await writeAccountFiles(join(dataDir, 'accounts'), size);
    const writeMs = performance.now() - writeStarted;

    const store = new AccountStore({ dataDir });
    await store.init();
    const pool = new AccountPool({ store, oauth: FORBIDDEN_OAUTH, codeAssist: FORBIDDEN_CODE_ASSIST, logger: NOOP_LOGGER, settings: () => settings });
    const loadStarted = performance.now();
    const { loaded, problems } = await pool.load();
    const loadMs = performance.now() - loadStarted;
    if (loaded !== size || problems.length > 0) {
      throw new Error(`pool loaded ${loaded}/${size} accounts (${problems.length} problems: ${problems[0]?.reason ?? ''})`);
    }

    for (let index = 0; index < warmup; index += 1) await acquireAndRelease(pool, index);

    // Pass 1: wall time of the whole loop (no per-call timer) for the mean.
    const seen = new Set();
    const loopStarted = process.hrtime.bigint();
    for (let index = 0; index < iterations; index += 1) {
      const lease = await acquireAndRelease(pool, index);
      if (index < size) seen.add(lease.accountId);
    }
    const loopNs = Number(process.hrtime.bigint() - loopStarted);

    // Pass 2: per-call samples for the percentiles.
    const samples = new Float64Array(iterations);
    for (let index = 0; index < iterations; index += 1) {
      const started = process.hrtime.bigint();
      await acquireAndRelease(pool, index);
      samples[index] = Number(process.hrtime.bigint() - started) / 1000;
    }
    const perCall = summarizeSamples(samples);
    pool.close();
    return {
      accounts: size,
      mode,
      conversations: sticky ? conversations : 0,
      iterations,
      meanMicros: loopNs / iterations / 1000,
      sampledMeanMicros: perCall.mean,
      p50Micros: perCall.p50,
      p99Micros: perCall.p99,
      maxMicros: perCall.max,
      distinctAccountsInFirstPass: seen.size,
      writeFilesMs: writeMs,
      loadPoolMs: loadMs,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
