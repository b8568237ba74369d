// The client's buffering, batching, retries and never-throwing behaviour, against a fake server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, backoffDelay, retryAfterMs } from '../index.js';
import { problem, startFakeServer } from './support/fake-server.js';

const KEY = 'vk_testkey1_0123456789abcdefghijklmnopqrstuv';

function collectingLogger() {
  const lines = [];
  return { lines, warn: (m) => lines.push(m) };
}

function clientFor(server, options = {}) {
  return new Client({
    url: server.url,
    key: KEY,
    flushIntervalMs: 20,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    flushOnExit: false,
    logger: null,
    ...options,
  });
}

async function withServer(fn) {
  const server = await startFakeServer();
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

describe('batching', () => {
  it('sends records in batches of at most batchSize and all of them arrive in order', () => withServer(async (server) => {
    const client = clientFor(server, { batchSize: 500, flushIntervalMs: 5000 });
    for (let i = 0; i < 1200; i++) client.recordTransaction({ id: `tx-${i}`, status: 'COMPLETED', amount: '1.00', currency: 'EUR' });
    assert.equal(await client.flush(10_000), true);
    assert.ok(server.requests.every((r) => r.json.length <= 500), server.requests.map((r) => r.json.length).join());
    assert.deepEqual(server.items('/transactions').map((t) => t.id), Array.from({ length: 1200 }, (_, i) => `tx-${i}`));
    const s = client.stats();
    assert.deepEqual([s.queued, s.sent, s.rejected, s.dropped], [0, 1200, 0, 0]);
    await client.close();
  }));

  it('sends each kind to its own endpoint with the bearer key', () => withServer(async (server) => {
    const client = clientFor(server);
    client.recordTransaction({
      id: 'tx-1', status: 'FAILED', amount: '19.99', currency: 'USD', customer: { email: 'ada@example.com', name: 'ada' },
      provider: 'paypal', orderId: 'O-1', error: { code: 'INSTRUMENT_DECLINED', message: 'Card declined' }, step: 'capture',
    });
    client.recordHealth({ component: 'smtp', status: 'DOWN', responseTimeMs: 1200 });
    client.log('WARN', 'slow PayPal answer', { component: 'paypal' });
    client.recordWebhook({ provider: 'stripe', eventType: 'payment_intent.succeeded', externalId: 'evt_1' });
    client.activity('user-7');
    client.raiseAlert({ title: 'PayPal API failing', severity: 'CRITICAL', dedupKey: 'paypal-down' });
    client.checkin('celery-beat', { everySeconds: 60 });
    assert.equal(await client.flush(5000), true);
    assert.deepEqual(server.requests.map((r) => r.path).sort(), [
      '/vedette/ingest/v1/activity', '/vedette/ingest/v1/alerts', '/vedette/ingest/v1/checkins/celery-beat',
      '/vedette/ingest/v1/health', '/vedette/ingest/v1/logs', '/vedette/ingest/v1/transactions', '/vedette/ingest/v1/webhooks',
    ]);
    for (const r of server.requests) {
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
      assert.equal(r.headers['content-type'], 'application/json');
    }
    assert.deepEqual(server.items('/checkins/celery-beat')[0], { status: 'success', everySeconds: 60 });
    assert.deepEqual(server.items('/alerts')[0], { title: 'PayPal API failing', severity: 'CRITICAL', dedupKey: 'paypal-down' });
    assert.equal(client.stats().sent, 7);
    await client.close();
  }));

  it('never encodes or sends on the caller\'s stack, even when a call fills a batch', () => withServer(async (server) => {
    const client = clientFor(server, { batchSize: 2, flushIntervalMs: 60_000 });
    let encoded = 0;
    const metadata = { toJSON() { encoded++; return { plan: 'pro' }; } };
    client.recordTransaction({ id: 'tx-1', status: 'COMPLETED', metadata });
    client.recordTransaction({ id: 'tx-2', status: 'COMPLETED', metadata });
    assert.equal(encoded, 0, 'encoded inside the record call');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(encoded, 2, 'a full batch goes out on the next turn of the event loop');
    assert.equal(await client.flush(5000), true);
    assert.deepEqual(server.items('/transactions').map((t) => t.metadata), [{ plan: 'pro' }, { plan: 'pro' }]);
    await client.close();
  }));

  it('stamps times at the call as ISO instants and does not keep the caller\'s object', () => withServer(async (server) => {
    const client = clientFor(server);
    const before = Date.now();
    const t = { id: 'tx-1', status: 'PENDING' };
    client.recordTransaction(t);
    t.status = 'MUTATED';
    client.recordTransaction({ id: 'tx-2', status: 'PENDING', occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    await client.flush(5000);
    const [first, second] = server.items('/transactions');
    assert.equal(first.status, 'PENDING');
    assert.match(first.occurredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(first.occurredAt) - before) < 5000);
    assert.equal(second.occurredAt, '2026-01-02T03:04:05.000Z');
    await client.close();
  }));
});

describe('retries', () => {
  it('retries a 429 after its Retry-After', () => withServer(async (server) => {
    server.script = [[429, { 'retry-after': '0' }, problem(429, 'Too Many Requests')]];
    const client = clientFor(server);
    client.recordTransaction({ id: 'tx-1', status: 'COMPLETED' });
    assert.equal(await client.flush(5000), true);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].body, server.requests[1].body);
    const s = client.stats();
    assert.deepEqual([s.sent, s.dropped, s.retries], [1, 0, 1]);
    await client.close();
  }));

  it('retries 5xx with backoff until it succeeds', () => withServer(async (server) => {
    server.script = [[500, {}, problem(500, 'Internal Server Error')], [503, {}, null]];
    const client = clientFor(server);
    client.log('INFO', 'hello');
    assert.equal(await client.flush(5000), true);
    assert.equal(server.requests.length, 3);
    assert.deepEqual([client.stats().sent, client.stats().retries], [1, 2]);
    await client.close();
  }));

  it('gives up on a server that keeps failing and counts what it dropped', () => withServer(async (server) => {
    server.rule = () => [503, {}, problem(503, 'Service Unavailable')];
    const client = clientFor(server, { maxAttempts: 3 });
    client.recordTransaction({ id: 'tx-1', status: 'COMPLETED' });
    client.recordTransaction({ id: 'tx-2', status: 'COMPLETED' });
    assert.equal(await client.flush(5000), true);
    assert.equal(server.requests.length, 3);
    const s = client.stats();
    assert.deepEqual([s.sent, s.dropped, s.retries], [0, 2, 2]);
    assert.match(s.lastError, /503/);
    await client.close();
  }));

  it('never throws when the server cannot be reached, and counts the loss', async () => {
    const server = await startFakeServer();
    const url = server.url;
    await server.close();
    const client = new Client({ url, key: KEY, maxAttempts: 2, backoffBaseMs: 5, logger: null, flushOnExit: false });
    client.recordTransaction({ id: 'tx-1', status: 'COMPLETED' });
    assert.equal(await client.flush(5000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.dropped, s.retries], [0, 1, 1]);
    assert.match(s.lastError, /cannot reach the server: ECONNREFUSED/);
    await client.close();
  });

  it('does not retry a 401 and never shows the key in logs, stats or inspection', () => withServer(async (server) => {
    server.rule = () => [401, { 'www-authenticate': 'Bearer' }, problem(401, 'Unauthorized')];
    const logger = collectingLogger();
    const client = clientFor(server, { logger });
    client.recordTransaction({ id: 'tx-1', status: 'COMPLETED' });
    await client.flush(5000);
    assert.equal(server.requests.length, 1);
    assert.equal(client.stats().dropped, 1);
    const { inspect } = await import('node:util');
    const text = logger.lines.join('\n') + JSON.stringify(client.stats()) + String(client) + JSON.stringify(client) + inspect(client);
    assert.match(text, /401/);
    assert.doesNotMatch(text, /0123456789abcdef/);
    await client.close();
  }));

  it('splits a batch that is too large for the server', () => withServer(async (server) => {
    server.rule = (r) => (r.json.length > 3 ? [413, {}, problem(413, 'Payload Too Large')] : null);
    const client = clientFor(server, { flushIntervalMs: 5000 });
    for (let i = 0; i < 10; i++) client.recordTransaction({ id: `tx-${i}`, status: 'COMPLETED' });
    assert.equal(await client.flush(5000), true);
    assert.equal(client.stats().sent, 10);
    assert.ok(server.requests.some((r) => r.json.length > 3), 'the first batch was too large');
    const accepted = server.requests.filter((r) => r.json.length <= 3).flatMap((r) => r.json.map((t) => t.id));
    assert.deepEqual(accepted, Array.from({ length: 10 }, (_, i) => `tx-${i}`));
    await client.close();
  }));

  it('counts items the server rejects as rejected, not sent', () => withServer(async (server) => {
    server.rule = (r) => {
      const results = r.json.map((it, index) => (it.currency === 'usd1'
        ? { index, status: 'rejected', errors: [{ pointer: `/${index}/currency`, detail: 'must be an ISO 4217 code' }] }
        : { index, status: 'accepted', id: it.id }));
      const accepted = results.filter((x) => x.status === 'accepted').length;
      return [202, {}, { accepted, rejected: results.length - accepted, results }];
    };
    const client = clientFor(server);
    client.recordTransaction({ id: 'good', status: 'COMPLETED', currency: 'EUR' });
    client.recordTransaction({ id: 'bad', status: 'COMPLETED', currency: 'usd1' });
    assert.equal(await client.flush(5000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.rejected, s.dropped], [1, 1, 0]);
    assert.match(s.lastError, /\/1\/currency/);
    await client.close();
  }));
});

describe('backoff', () => {
  it('grows exponentially up to the cap, jittered between half and all', () => {
    for (const [attempt, ceiling] of [[1, 500], [2, 1000], [3, 2000], [4, 4000], [10, 30000], [60, 30000]]) {
      assert.equal(backoffDelay(attempt, 500, 30000, () => 0), ceiling / 2);
      assert.equal(backoffDelay(attempt, 500, 30000, () => 1), ceiling);
    }
  });

  it('reads Retry-After as seconds or an HTTP date and ignores garbage', () => {
    assert.equal(retryAfterMs('7'), 7000);
    assert.equal(retryAfterMs('-3'), 0);
    assert.equal(retryAfterMs('86400'), 300000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
    const now = Date.UTC(2026, 11, 3, 10, 0, 0);
    assert.equal(retryAfterMs('Thu, 03 Dec 2026 10:00:30 GMT', now), 30000);
  });
});

describe('never throws', () => {
  it('drops the newest records when the buffer is full, and counts them', () => withServer(async (server) => {
    const client = clientFor(server, { maxBuffer: 10, batchSize: 100, flushIntervalMs: 30000 });
    for (let i = 0; i < 15; i++) client.activity(`user-${i}`);
    const s = client.stats();
    assert.deepEqual([s.queued, s.dropped], [10, 5]);
    assert.match(s.lastError, /buffer full/);
    assert.equal(await client.flush(5000), true);
    assert.deepEqual(server.items('/activity').map((a) => a.userKey), Array.from({ length: 10 }, (_, i) => `user-${i}`));
    await client.close();
  }));

  it('counts hostile input instead of throwing', () => withServer(async (server) => {
    const client = clientFor(server);
    const hostile = {};
    Object.defineProperty(hostile, 'id', { enumerable: true, get() { throw new Error('no'); } });
    client.recordTransaction(hostile);
    client.recordError({});
    client.recordError(null);
    client.checkin('../etc/passwd');
    client.checkin('a'.repeat(65));
    client.checkin('ok', { status: 'done' });
    client.checkin(undefined);
    client.recordTransaction({ id: '<script>alert(1)</script>', status: 'COMPLETED' });
    assert.equal(await client.flush(5000), true);
    const s = client.stats();
    assert.equal(s.dropped, 7);
    assert.equal(s.sent, 1);
    assert.deepEqual(server.items('/transactions').map((t) => t.id), ['<script>alert(1)</script>']);
    assert.ok(!server.requests.some((r) => r.path.includes('checkins')));
    await client.close();
  }));

  it('counts records after close as no-ops', () => withServer(async (server) => {
    const client = clientFor(server);
    client.log('INFO', 'before');
    assert.equal(await client.close(5000), true);
    client.log('INFO', 'after');
    assert.equal(server.requests.length, 1);
    assert.deepEqual([client.stats().sent, client.stats().dropped], [1, 1]);
    assert.equal(client.stats().lastError, 'recorded after close()');
  }));

  it('lets flush give up at its timeout and finish later', () => withServer(async (server) => {
    server.hold();
    const client = clientFor(server, { batchSize: 1 });
    client.log('INFO', 'one');
    client.log('INFO', 'two');
    assert.equal(await client.flush(200), false);
    server.release();
    assert.equal(await client.flush(5000), true);
    assert.equal(client.stats().sent, 2);
    await client.close();
  }));

  it('names a bad option and its value, never the key', () => {
    assert.throws(() => new Client({ url: 'ftp://x', key: KEY }), /url must be an absolute http or https URL, was "ftp:\/\/x"/);
    assert.throws(() => new Client({ url: 'http://localhost', key: KEY, batchSize: 5000 }), /batchSize must be at most 1000, was 5000/);
    assert.throws(() => new Client({ url: 'http://localhost', key: 'vk_secret value' }), (e) => !e.message.includes('secret'));
  });
});

describe('errors and check-ins', () => {
  it('records an Error with its name, message and stack', () => withServer(async (server) => {
    const client = clientFor(server);
    function charge() { throw new RangeError('amount must be positive'); }
    try { charge(); } catch (e) { client.recordError(e, { component: 'checkout', transactionId: 'tx-9' }); }
    client.recordError({ type: 'StripeCardError', message: 'declined', context: { plan: 'gold' } });
    await client.flush(5000);
    const [first, second] = server.items('/errors');
    assert.equal(first.type, 'RangeError');
    assert.equal(first.message, 'amount must be positive');
    assert.match(first.stackTrace, /at charge/);
    assert.deepEqual([first.component, first.transactionId], ['checkout', 'tx-9']);
    assert.deepEqual([second.type, second.context], ['StripeCardError', { plan: 'gold' }]);
    await client.close();
  }));

  it('monitor checks in start then success with the duration and returns the result', () => withServer(async (server) => {
    const client = clientFor(server);
    const result = await client.monitor('nightly-report', async () => 42, { everySeconds: 86400 });
    assert.equal(result, 42);
    await client.flush(5000);
    const [start, success] = server.items('/checkins/nightly-report');
    assert.deepEqual(start, { status: 'start', everySeconds: 86400 });
    assert.equal(success.status, 'success');
    assert.ok(Number.isInteger(success.durationMs) && success.durationMs >= 0);
    await client.close();
  }));

  it('monitor checks in fail and rejects with the job\'s error', () => withServer(async (server) => {
    const client = clientFor(server);
    await assert.rejects(client.monitor('payouts', () => { throw new Error('bank API down'); }), /bank API down/);
    await client.flush(5000);
    const checkins = server.items('/checkins/payouts');
    assert.deepEqual(checkins.map((c) => c.status), ['start', 'fail']);
    assert.equal(checkins[1].message, 'Error: bank API down');
    await client.close();
  }));
});

describe('exit', () => {
  it('sends what is buffered when the event loop empties', () => withServer(async (server) => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const index = fileURLToPath(new URL('../index.js', import.meta.url));
    const script = `import { Client } from ${JSON.stringify(index)};
      const c = new Client({ url: ${JSON.stringify(server.url)}, key: ${JSON.stringify(KEY)}, flushIntervalMs: 60000 });
      c.recordTransaction({ id: 'at-exit', status: 'COMPLETED' });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.deepEqual(server.items('/transactions').map((t) => t.id), ['at-exit']);
  }));
});
