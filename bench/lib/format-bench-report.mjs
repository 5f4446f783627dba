/**
 * The markdown report: machine and command first, then one table per question, each row with its target and
 * whether this run met it. Numbers are printed as measured; a miss says "target missed".
 */

export const TARGETS = {
  addedP50Ms: 1,
  addedP99Ms: 5,
  throughputRatioAt64: 0.5,
  throughputConcurrencies: [16, 64],
  smallBodyAgtCpuMs: 0.15,
  poolSelectionMicrosAt10k: 20,
  loggingSlowdown: 0.1,
  // Client bodies (issue 11): the real Claude Code first turn, the 1 MB conversation, the 12 MB multi-byte body.
  claudeCodeFixture: 'claude-code-2.1.197-default-plain',
  claudeCodeAddedP50Ms: 2,
  claudeCodeAgtCpuMs: 2,
  longConversationFixture: 'claude-code-long-tool-conversation',
  longConversationAddedP50Ms: 10,
  multibyteFixture: 'multibyte-12mb',
  multibyteRatio: 2,
  // Gateway start over a data directory of 10,000 account files.
  startAccounts: 10_000,
  startReadyMs: 1_000,
  startRssMB: 100,
};

const MB_PER_MIB = 1.048576;

function ms(value) {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

function signedMs(value) {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}

function kib(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

function micros(value) {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

function rate(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

function percent(value) {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a';
}

function verdict(met) {
  return met ? 'met' : '**target missed**';
}

function table(headers, rows) {
  const lines = [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** The pass/fail list the summary and the exit code are built from. */
export function evaluateTargets(results) {
  const checks = [];
  for (const row of results.latency?.comparisons ?? []) {
    checks.push({ name: `added p50 latency, ${row.label}`, met: row.addedP50 <= TARGETS.addedP50Ms, value: `${signedMs(row.addedP50)} ms`, target: `≤ ${TARGETS.addedP50Ms} ms` });
    checks.push({ name: `added p99 latency, ${row.label}`, met: row.addedP99 <= TARGETS.addedP99Ms, value: `${signedMs(row.addedP99)} ms`, target: `≤ ${TARGETS.addedP99Ms} ms` });
  }
  for (const row of results.throughput?.rows ?? []) {
    if (!TARGETS.throughputConcurrencies.includes(row.concurrency)) continue;
    for (const agt of row.agt) {
      checks.push({ name: `throughput at c=${row.concurrency}, ${agt.label} vs direct`, met: agt.ratio >= TARGETS.throughputRatioAt64, value: percent(agt.ratio), target: `≥ ${percent(TARGETS.throughputRatioAt64)}` });
      const cpu = agt.cpuMsPerRequest?.agt;
      if (Number.isFinite(cpu)) checks.push({ name: `agt CPU per request at c=${row.concurrency}, ${agt.label}`, met: cpu <= TARGETS.smallBodyAgtCpuMs, value: `${ms(cpu)} ms`, target: `≤ ${TARGETS.smallBodyAgtCpuMs} ms` });
    }
  }
  for (const row of results.clientBodies ?? []) {
    if (row.name === TARGETS.claudeCodeFixture) {
      checks.push({ name: `added p50, ${row.name} (${kib(row.bytes)})`, met: row.latency.addedP50 <= TARGETS.claudeCodeAddedP50Ms, value: `${signedMs(row.latency.addedP50)} ms`, target: `≤ ${TARGETS.claudeCodeAddedP50Ms} ms` });
      checks.push({ name: `agt CPU per request, ${row.name}`, met: row.cpu.agtMsPerRequest <= TARGETS.claudeCodeAgtCpuMs, value: `${ms(row.cpu.agtMsPerRequest)} ms`, target: `≤ ${TARGETS.claudeCodeAgtCpuMs} ms` });
    }
    if (row.name === TARGETS.longConversationFixture) {
      checks.push({ name: `added p50, ${row.name} (${kib(row.bytes)})`, met: row.latency.addedP50 <= TARGETS.longConversationAddedP50Ms, value: `${signedMs(row.latency.addedP50)} ms`, target: `≤ ${TARGETS.longConversationAddedP50Ms} ms` });
    }
    if (row.name === TARGETS.multibyteFixture) {
      checks.push({ name: `agt / direct p50, ${row.name}`, met: row.latency.ratioP50 <= TARGETS.multibyteRatio, value: `${row.latency.ratioP50.toFixed(2)}×`, target: `≤ ${TARGETS.multibyteRatio}×` });
    }
    if (row.logging) {
      checks.push({ name: `request log slowdown, ${row.name} at c=${row.logging.concurrency}`, met: row.logging.slowdown <= TARGETS.loggingSlowdown, value: `${percent(row.logging.slowdown)} ± ${percent(row.logging.slowdownError)}`, target: `≤ ${percent(TARGETS.loggingSlowdown)}` });
    }
  }
  const start = results.gatewayStart?.find((row) => row.accounts === TARGETS.startAccounts);
  if (start) {
    checks.push({ name: `gateway ready with ${TARGETS.startAccounts.toLocaleString('en-US')} account files (median)`, met: start.readyMs.p50 <= TARGETS.startReadyMs, value: `${Math.round(start.readyMs.p50)} ms`, target: `≤ ${TARGETS.startReadyMs} ms` });
    const peakMB = start.peakAfter2sMiB.max * MB_PER_MIB;
    checks.push({ name: `agt peak RSS, ${TARGETS.startAccounts.toLocaleString('en-US')} account files (first 2 s, worst run)`, met: peakMB <= TARGETS.startRssMB, value: `${peakMB.toFixed(0)} MB`, target: `≤ ${TARGETS.startRssMB} MB` });
  }
  if (results.logging) {
    checks.push({ name: 'request log slowdown at c=64', met: results.logging.slowdown <= TARGETS.loggingSlowdown, value: percent(results.logging.slowdown), target: `≤ ${percent(TARGETS.loggingSlowdown)}` });
  }
  // The slowest scheduling mode at 10,000 accounts is the one held to the target.
  const largest = results.poolSelection
    ?.filter((row) => row.accounts === 10_000)
    .reduce((worst, row) => (worst === undefined || row.meanMicros > worst.meanMicros ? row : worst), undefined);
  if (largest) {
    checks.push({ name: `pool selection at 10,000 accounts (mean, slowest mode: ${largest.mode ?? 'Balance'})`, met: largest.meanMicros <= TARGETS.poolSelectionMicrosAt10k, value: `${micros(largest.meanMicros)} µs`, target: `≤ ${TARGETS.poolSelectionMicrosAt10k} µs` });
  }
  return checks;
}

export function formatBenchReport(results) {
  const { machine, config } = results;
  const parts = [];
  parts.push(`# agt benchmark — ${results.startedAt}`);
  parts.push(
    [
      `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.platform}`,
      `- Node ${machine.node}; agt ${machine.agtVersion} at commit ${machine.commit}${machine.dirty ? ' (working tree has uncommitted changes)' : ''}`,
      `- Load average when the run started: ${machine.loadAverage.map((value) => value.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`,
      `- Command: \`${results.command}\``,
      `- Processes: load generator (this process, undici Pool, keep-alive, pipelining 1), simulator (\`agt simulate\`), agt (\`agt serve\`, ${config.accounts} accounts, request log ${config.loggingDuringMainRuns ? 'on' : 'off'} unless stated) — three processes on ${machine.cores} cores.`,
      `- Direct = \`POST /v1internal:streamGenerateContent?alt=sse\` to the simulator with the same Gemini request agt sends upstream (agt always streams upstream, also for non-streaming clients), body read to the end.`,
      `- Model \`${config.model}\`; the simulator answers instantly (no chunk delay), so these numbers are agt's own cost, not a model's.`,
    ].join('\n'),
  );

  if (results.latency) {
    const { latency } = results;
    parts.push(`## Latency at concurrency 1 (ms, ${latency.rounds} requests per path, interleaved, after ${config.warmupRequests} warm-up requests each)`);
    parts.push(
      table(
        ['Path', 'direct p50', 'direct p99', 'agt p50', 'agt p99', 'added p50', 'added p99', 'paired median', 'target (added)', 'result'],
        latency.comparisons.map((row) => [
          row.label,
          ms(row.direct.p50),
          ms(row.direct.p99),
          ms(row.agt.p50),
          ms(row.agt.p99),
          signedMs(row.addedP50),
          signedMs(row.addedP99),
          signedMs(row.pairedMedian),
          `p50 ≤ ${TARGETS.addedP50Ms}, p99 ≤ ${TARGETS.addedP99Ms}`,
          row.addedP50 <= TARGETS.addedP50Ms && row.addedP99 <= TARGETS.addedP99Ms ? 'met' : '**target missed**',
        ]),
      ),
    );
    parts.push('Added = agt percentile − direct percentile over the same run. Paired median = median of (agt − direct) over requests sent back to back in the same round, less sensitive to drift in background load. Errors: ' + latency.errorsText);
    parts.push('### Time to first byte, streaming (ms, concurrency 1)');
    parts.push(
      table(
        ['Path', 'p50', 'p99', 'added p50', 'added p99'],
        latency.ttfb.map((row) => [row.label, ms(row.p50), ms(row.p99), row.isDirect ? '—' : signedMs(row.addedP50), row.isDirect ? '—' : signedMs(row.addedP99)]),
      ),
    );
    parts.push('Time to first byte = from sending the request to the first body chunk. The simulator writes its whole SSE body at once, so its first byte is also its last.');
  }

  if (results.throughput) {
    const { throughput } = results;
    const agtLabels = throughput.rows[0]?.agt.map((agt) => agt.label) ?? [];
    parts.push(`## Throughput (requests/s, closed loop, ${throughput.durationSeconds} s per cell in ${throughput.slices} interleaved slices, after ${throughput.warmupSeconds} s warm-up)`);
    parts.push(
      table(
        ['Concurrency', 'direct', ...agtLabels.flatMap((label) => [label, 'agt / direct']), 'direct p50 / p99 ms', ...agtLabels.map((label) => `${label} p50 / p99 ms`)],
        throughput.rows.map((row) => [
          String(row.concurrency),
          rate(row.direct.requestsPerSecond),
          ...row.agt.flatMap((agt) => [rate(agt.requestsPerSecond), percent(agt.ratio) + (row.concurrency === 64 ? (agt.ratio >= TARGETS.throughputRatioAt64 ? ' (met)' : ' (**target missed**)') : '')]),
          `${ms(row.direct.latency.p50)} / ${ms(row.direct.latency.p99)}`,
          ...row.agt.map((agt) => `${ms(agt.latency.p50)} / ${ms(agt.latency.p99)}`),
        ]),
      ),
    );
    parts.push(`Target: agt ≥ ${percent(TARGETS.throughputRatioAt64)} of direct at concurrency 64. Errors: ${throughput.errorsText}`);
    const hasCpu = throughput.rows.some((row) => Object.keys(row.direct.cpuMsPerRequest ?? {}).length > 0);
    if (hasCpu) {
      parts.push('### CPU time per request (ms of user + system CPU per successful request, from /proc and process.cpuUsage)');
      const processes = ['agt', 'simulator', 'load generator'];
      const cpuRows = [];
      for (const row of throughput.rows) {
        for (const measured of [{ label: 'direct (simulator)', ...row.direct }, ...row.agt]) {
          const cpu = measured.cpuMsPerRequest ?? {};
          const sum = processes.reduce((total, name) => total + (cpu[name] ?? 0), 0);
          const ceiling = (results.machine.cores * 1000) / sum;
          const directSum = processes.reduce((total, name) => total + (row.direct.cpuMsPerRequest?.[name] ?? 0), 0);
          const ceilingRatio = measured.name === 'direct' ? '—' : percent(directSum / sum);
          cpuRows.push([String(row.concurrency), measured.label, ...processes.map((name) => ms(cpu[name])), ms(sum), rate(ceiling), ceilingRatio]);
        }
      }
      parts.push(table(['Concurrency', 'Path', ...processes, 'all three', `CPU-bound ceiling, req/s on ${results.machine.cores} cores`, 'ceiling agt / direct'], cpuRows));
      parts.push(
        'Ceiling = cores × 1000 / CPU ms per request of all three processes: what the box could do if the CPU were the only limit and nothing else ran. ' +
          'When the ceiling ratio matches the measured ratio, the throughput gap is agt\'s CPU cost per request; to reach 50 % of direct, agt\'s own CPU per request must come down to roughly the direct path\'s total (simulator + load generator).',
      );
      parts.push('CPU time is much less sensitive to other tenants of the machine than requests/s: it says what one request costs each process (agt on the direct path is idle).');
    }
  }

  if (results.logging) {
    const { logging } = results;
    parts.push(`## Request log overhead (${logging.label}, concurrency ${logging.concurrency}, ${logging.rounds.length} alternating slices of ${logging.durationSeconds} s)`);
    parts.push(
      table(
        ['Request log', 'requests/s per slice', 'requests/s overall', 'agt CPU ms per request', 'agt main thread CPU ms per request', 'rows written'],
        [
          ['on', logging.rounds.filter((round) => round.enabled).map((round) => rate(round.requestsPerSecond)).join(', '), rate(logging.onMean), ms(logging.agtCpuMsOn), ms(logging.agtMainThreadCpuMsOn), String(logging.rowsWrittenWhileOn)],
          ['off', logging.rounds.filter((round) => !round.enabled).map((round) => rate(round.requestsPerSecond)).join(', '), rate(logging.offMean), ms(logging.agtCpuMsOff), ms(logging.agtMainThreadCpuMsOff), String(logging.rowsWrittenWhileOff)],
        ],
      ),
    );
    parts.push(
      `Slowdown with the log on, by requests/s: ${percent(logging.slowdown)} ± ${percent(logging.slowdownError)} (standard error from the spread between slices) (target ≤ ${percent(TARGETS.loggingSlowdown)}: ${verdict(logging.slowdown <= TARGETS.loggingSlowdown)}); ` +
        `by agt CPU per request: ${percent(logging.cpuSlowdown)} (1 − CPU off / CPU on).` +
        (Math.abs(logging.slowdown) < 2 * logging.slowdownError ? ' The difference is within the noise of this run (less than two standard errors).' : '') +
        ` Toggled at runtime with \`PUT /api/settings {"enable_logging": …}\`. CPU includes the work agt finishes after a slice's last response (the bench waits for it to go idle).`,
    );
  }

  if (results.clientBodies) {
    const rows = results.clientBodies;
    parts.push('## Real client bodies: through agt vs the same upstream call straight to the simulator');
    parts.push(
      'Each fixture is sent as recorded (path, headers, body bytes); "direct" is the request agt itself sent upstream for it, captured once before timing (a second agt behind a recording pass-through) and replayed with the direct account\'s token and project. ' +
        'Latency at concurrency 1, direct and agt interleaved request by request; CPU from /proc over those requests (agt idles while the direct request runs).',
    );
    parts.push(
      table(
        ['Fixture', 'protocol', 'body', 'upstream body', 'rounds', 'direct p50 / p99 ms', 'agt p50 / p99 ms', 'added p50 / p99 ms', 'paired median ms', 'agt / direct p50', 'agt CPU ms/req', 'simulator CPU ms/req', 'agt peak RSS MiB'],
        rows.map((row) => [
          row.name,
          `${row.protocol}${row.stream ? ' stream' : ''}`,
          kib(row.bytes),
          kib(row.directBytes),
          String(row.latency.rounds),
          `${ms(row.latency.direct.p50)} / ${ms(row.latency.direct.p99)}`,
          `${ms(row.latency.agt.p50)} / ${ms(row.latency.agt.p99)}`,
          `${signedMs(row.latency.addedP50)} / ${signedMs(row.latency.addedP99)}`,
          signedMs(row.latency.pairedMedian),
          `${row.latency.ratioP50.toFixed(2)}×`,
          ms(row.cpu.agtMsPerRequest),
          ms(row.cpu.simulatorMsPerRequest),
          Number.isFinite(row.rss.peakMiB) ? row.rss.peakMiB.toFixed(0) : 'n/a',
        ]),
      ),
    );
    const withThroughput = rows.filter((row) => row.throughput);
    if (withThroughput.length > 0) {
      parts.push(`### Client bodies: throughput (requests/s, closed loop, ${config.fixtureThroughputSlices} interleaved slices of ${config.fixtureThroughputSliceSeconds} s per cell) and request log on vs off`);
      const concurrencies = config.fixtureConcurrencies;
      parts.push(
        table(
          ['Fixture', ...concurrencies.flatMap((c) => [`c=${c} direct`, `c=${c} agt`, `c=${c} agt / direct`, `c=${c} agt CPU ms/req`]), `log on / off req/s (c=${config.fixtureLoggingConcurrency})`, 'log slowdown', 'agt CPU ms/req log on / off', 'agt main thread CPU ms/req log on / off'],
          withThroughput.map((row) => [
            row.name,
            ...concurrencies.flatMap((c) => {
              const cell = row.throughput.find((entry) => entry.concurrency === c);
              return cell ? [rate(cell.direct.requestsPerSecond), rate(cell.agt.requestsPerSecond), percent(cell.ratio), ms(cell.agt.cpuMsPerRequest?.agt)] : ['—', '—', '—', '—'];
            }),
            `${rate(row.logging.onMean)} / ${rate(row.logging.offMean)}`,
            `${percent(row.logging.slowdown)} ± ${percent(row.logging.slowdownError)}`,
            `${ms(row.logging.agtCpuMsOn)} / ${ms(row.logging.agtCpuMsOff)}`,
            `${ms(row.logging.agtMainThreadCpuMsOn)} / ${ms(row.logging.agtMainThreadCpuMsOff)}`,
          ]),
        ),
      );
      parts.push(`Request log slowdown target: ≤ ${percent(TARGETS.loggingSlowdown)} on every fixture (± is the standard error from the spread between slices). Rows written while on / off: ${withThroughput.map((row) => `${row.name} ${row.logging.rowsWrittenWhileOn} / ${row.logging.rowsWrittenWhileOff}`).join('; ')}.`);
    }
    const failing = rows.filter((row) => row.errors > 0);
    parts.push(`Errors: ${failing.length === 0 ? 'none.' : failing.map((row) => `${row.name}: ${row.errors} (${row.latency.firstProblem ?? row.throughput?.find((entry) => entry.agt.firstProblem)?.agt.firstProblem ?? row.logging?.firstProblem ?? ''})`).join('; ')}`);
    parts.push(rows.map((row) => `- \`${row.name}\`: ${row.client}`).join('\n'));
  }

  if (results.gatewayStart) {
    parts.push('## Gateway start (`agt serve`, spawn → first 200 from /healthz; the pool is loaded before the server listens)');
    parts.push(
      table(
        ['Account files', 'runs', 'ready ms (median, min–max)', 'RSS at ready MiB', 'peak RSS at ready MiB', 'RSS after 2 s MiB', 'peak RSS in the first 2 s MiB (max)', 'eligible'],
        results.gatewayStart.map((row) => [
          row.accounts.toLocaleString('en-US'),
          String(row.repeats),
          `${Math.round(row.readyMs.p50)} (${Math.round(row.readyMs.min)}–${Math.round(row.readyMs.max)})`,
          row.rssAtReadyMiB.p50.toFixed(0),
          row.peakAtReadyMiB.p50.toFixed(0),
          row.rssAfter2sMiB.p50.toFixed(0),
          row.peakAfter2sMiB.max.toFixed(0),
          String(row.eligible ?? 'n/a'),
        ]),
      ),
    );
    parts.push(`Targets at ${TARGETS.startAccounts.toLocaleString('en-US')} account files: ready ≤ ${TARGETS.startReadyMs} ms, RSS ≤ ${TARGETS.startRssMB} MB (= ${(TARGETS.startRssMB / MB_PER_MIB).toFixed(1)} MiB). Each start is a fresh process; sizes interleaved per repeat. Google's endpoints point at a closed port (catalogue fetches fail fast, nothing is disabled).`);
  }

  if (results.poolSelection) {
    parts.push(`## Pool selection (\`pool.acquire\` + \`pool.release\` for '${config.model}', in process, µs per call)`);
    parts.push(
      table(
        ['Accounts', 'mode', 'conversations', 'iterations', 'mean', 'p50', 'p99', 'max', 'pool.load()', 'target', 'result'],
        results.poolSelection.map((row) => [
          row.accounts.toLocaleString('en-US'),
          row.mode ?? 'Balance',
          row.conversations ? row.conversations.toLocaleString('en-US') : '—',
          row.iterations.toLocaleString('en-US'),
          micros(row.meanMicros),
          micros(row.p50Micros),
          micros(row.p99Micros),
          micros(row.maxMicros),
          `${Math.round(row.loadPoolMs)} ms`,
          row.accounts === 10_000 ? `≤ ${TARGETS.poolSelectionMicrosAt10k} µs` : '—',
          row.accounts === 10_000 ? verdict(row.meanMicros <= TARGETS.poolSelectionMicrosAt10k) : '—',
        ]),
      ),
    );
    parts.push('Mean from the wall time of an untimed loop; percentiles from per-call `process.hrtime` samples (a second loop). Real account files in a temp dir, tokens valid for a day, project ids set: no network. Balance and CacheFirst spread the calls over the listed number of conversation ids, so each call reads (and the first ones create) a sticky binding; PerformanceFirst has no binding and draws two healthy accounts at random.');
  }

  const checks = evaluateTargets(results);
  parts.push('## Targets');
  parts.push(table(['Target', 'measured', 'goal', 'result'], checks.map((check) => [check.name, check.value, check.target, verdict(check.met)])));
  if (results.notes.length > 0) parts.push(['## Notes', ...results.notes.map((note) => `- ${note}`)].join('\n'));
  parts.push(`Total bench time: ${(results.elapsedMs / 1000).toFixed(1)} s.`);
  return `${parts.join('\n\n')}\n`;
}
