// The client against a real Vedette server: records, flushes, and reads back through the dashboard
// API. Runs when VEDETTE_URL and VEDETTE_KEY (an admin key) are set, as the server module's
// ClientsAgainstServerIT sets them; skipped otherwise.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Client } from '../index.js';
import { Dashboard } from './support/dashboard.js';

const URL = process.env.VEDETTE_URL;
const KEY = process.env.VEDETTE_KEY;
const skip = URL && KEY ? false : 'set VEDETTE_URL and VEDETTE_KEY (admin) to run against a server';

function fresh() {
  return {
    runId: `js-${randomUUID().slice(0, 12)}`,
    client: new Client({ url: URL, key: KEY, flushOnExit: false }),
    dashboard: new Dashboard(URL, KEY),
  };
}

describe('against a real server', { skip }, () => {
  it('reads back a transaction recorded in steps, with its timeline', async () => {
    const { runId, client, dashboard } = fresh();
    const order = `${runId}-pi`;
    client.recordTransaction({ id: order, status: 'PENDING', amount: '25.00', currency: 'USD', provider: 'stripe', step: 'checkout_started' });
    client.recordTransaction({
      id: order, status: 'FAILED', provider: 'stripe', paymentId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      error: { code: 'card_declined', message: 'Your card was declined.' }, metadata: { decline_code: 'insufficient_funds' },
    });
    assert.equal(await client.flush(15_000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.rejected, s.dropped], [2, 0, 0]);
    const [, tx] = await dashboard.until(`transaction ${order}`, () => dashboard.transaction(order), ([st, b]) => st === 200 && b.eventCount === 2);
    assert.equal(tx.status, 'FAILED');
    assert.deepEqual(tx.money, { amount: '25.00', currency: 'USD' });
    assert.equal(tx.errorCode, 'card_declined');
    assert.equal(tx.providerPaymentId, 'pi_3MtwBwLkdIwHu7ix28a3tqPa');
    assert.deepEqual(tx.steps, ['checkout_started']);
    assert.equal(tx.metadata.decline_code, 'insufficient_funds');
    await client.close();
  });

  it('delivers a batch of a thousand whole', async () => {
    const { runId, client, dashboard } = fresh();
    for (let i = 0; i < 1000; i++) client.recordTransaction({ id: `${runId}-bulk-${i}`, status: 'COMPLETED', amount: '1.00', currency: 'USD' });
    assert.equal(await client.flush(30_000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.rejected, s.dropped], [1000, 0, 0]);
    const last = `${runId}-bulk-999`;
    await dashboard.until(`transaction ${last}`, () => dashboard.transaction(last), ([st]) => st === 200);
    await client.close();
  });

  it('counts an item the server rejects', async () => {
    const { runId, client, dashboard } = fresh();
    client.recordTransaction({ id: `${runId}-ok`, status: 'COMPLETED', amount: '5.00', currency: 'EUR' });
    client.recordTransaction({ id: `${runId}-bad`, status: 'COMPLETED', amount: '5.00', currency: 'usd1' });
    assert.equal(await client.flush(15_000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.rejected, s.dropped], [1, 1, 0]);
    assert.match(s.lastError, /\/1\/currency/);
    assert.equal((await dashboard.transaction(`${runId}-bad`))[0], 404);
    await client.close();
  });

  it('groups an Error on the server', async () => {
    const { runId, client, dashboard } = fresh();
    try {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    } catch (e) {
      client.recordError(e, { component: 'webhooks', transactionId: runId });
    }
    assert.equal(await client.flush(15_000), true);
    assert.equal(client.stats().sent, 1);
    await dashboard.until(`error group of ${runId}`, () => dashboard.get('errors', { limit: 200 }),
      ([st, b]) => st === 200 && b.items.some((g) => g.type === 'TypeError' && g.lastTransactionId === runId));
    await client.close();
  });

  it('shows an alert and a monitored job on the dashboard', async () => {
    const { runId, client, dashboard } = fresh();
    const dedupKey = `${runId}-alert`;
    const job = `${runId}-job`;
    client.raiseAlert({ title: 'Stripe payments failing', severity: 'HIGH', component: 'stripe', dedupKey });
    assert.equal(await client.monitor(job, async () => 'done', { everySeconds: 3600 }), 'done');
    assert.equal(await client.flush(15_000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.rejected, s.dropped], [3, 0, 0]);
    await dashboard.until(`alert ${dedupKey}`, () => dashboard.get('alerts', { state: 'active', limit: 200 }),
      ([st, b]) => st === 200 && b.items.some((a) => a.dedupKey === dedupKey));
    await dashboard.until(`component ${job}`, () => dashboard.get('health'),
      ([st, b]) => st === 200 && b.components.some((c) => c.name === job && c.status === 'UP'));
    await client.close();
  });

  it('counts a wrong key as dropped without showing it', async () => {
    const wrong = `vk_AAAAAAAA_${'B'.repeat(32)}`;
    const client = new Client({ url: URL, key: wrong, flushOnExit: false, logger: null });
    client.log('INFO', 'never stored');
    assert.equal(await client.flush(15_000), true);
    const s = client.stats();
    assert.deepEqual([s.sent, s.dropped], [0, 1]);
    assert.match(s.lastError, /401/);
    assert.ok(!s.lastError.includes(wrong));
    await client.close();
  });
});
