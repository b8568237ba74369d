// Client overhead on the host thread (Node): the latency of one client.recordTransaction call
// against a no-op function, call by call with performance.now() (a double: no allocation in the timing itself), while the client really
// sends every batch to a local HTTP sink in another process (sink_server.py).
//
//   node benchmarks/clients/record-overhead.mjs [calls=200000] [perTick=100]
//
// The loop yields to the event loop (setImmediate) every `perTick` calls, as a server does between
// requests, so the client's sends run in between; the time of a call never includes a send.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '../../clients/node/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const calls = Number(process.argv[2] ?? 200_000);
const perTick = Number(process.argv[3] ?? 100);

const sink = spawn('python3', [join(here, 'sink_server.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => sink.stdout.once('data', (d) => resolve(Number(String(d).trim()))));

function noop(t) {
  return t;
}

async function measure(fn, n) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn({ id: `order-${i}`, status: 'COMPLETED', amount: '49.00', currency: 'USD', provider: 'stripe', customer: { email: 'ada@example.com' }, step: 'email_sent' });
    samples[i] = (performance.now() - t0) * 1e6; // ns
    if (i % perTick === perTick - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return samples;
}

function summary(name, samples) {
  const s = Float64Array.from(samples).sort();
  const q = (p) => (s[Math.min(s.length - 1, Math.floor(p * s.length))] / 1000).toFixed(2);
  return `${name.padEnd(20)} n=${s.length}  p50=${q(0.5)}  p90=${q(0.9)}  p99=${q(0.99)}  p99.9=${q(0.999)}  max=${(s[s.length - 1] / 1000).toFixed(1)}  (us)`;
}

const client = new Client({ url: `http://127.0.0.1:${port}`, key: `vk_benchmk0_${'b'.repeat(32)}`, maxBuffer: calls + 1, batchSize: 1000, flushOnExit: false });
const record = (t) => client.recordTransaction(t);
await measure(noop, 20_000);
await measure(record, 20_000);
await client.flush(60_000);
const base = await measure(noop, calls);
const rec = await measure(record, calls);
const flushed = await client.flush(120_000);
console.log(`node ${process.version}, ${calls} calls, yielding every ${perTick}`);
console.log(summary('no-op', base));
console.log(summary('recordTransaction', rec));
console.log(`flushed=${flushed} stats=${JSON.stringify(client.stats())} loadavg=${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
await client.close(5000);
sink.kill();
