// The Next.js Stripe webhook example: its route called with a Request, as Next.js calls it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { handleStripeWebhook, signatureHeader } from '../examples/stripe-webhook.js';
import { Client } from '../index.js';
import { startFakeServer } from './support/fake-server.js';

const SECRET = 'whsec_test_3b5f0c1e9a7d4e2f8c6b1a0d';

const PAYMENT_FAILED = {
  id: 'evt_3MtwBwLkdIwHu7ix0snN0B15',
  object: 'event',
  type: 'payment_intent.payment_failed',
  created: 1764757200,
  data: {
    object: {
      id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      object: 'payment_intent',
      amount: 2000,
      currency: 'usd',
      receipt_email: 'ada@example.com',
      metadata: { order_id: 'order-1042' },
      payment_method_types: ['card'],
      last_payment_error: {
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
        payment_method: { type: 'card' },
      },
    },
  },
};

function webhookRequest(event, { secret = SECRET, at = Date.now() } = {}) {
  const body = JSON.stringify(event);
  return new Request('http://localhost:3000/api/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(body, secret, at) },
    body,
  });
}

describe('Next.js Stripe webhook route', () => {
  let server;
  before(async () => { server = await startFakeServer(); });
  after(() => server.close());

  it('records payment_intent.payment_failed as a FAILED transaction and a processed webhook', async () => {
    process.env.VEDETTE_URL = server.url;
    process.env.VEDETTE_KEY = `vk_example0_${'e'.repeat(32)}`;
    process.env.STRIPE_WEBHOOK_SECRET = SECRET;
    const { POST, vedette } = await import('../examples/app/api/webhooks/stripe/route.js');

    const response = await POST(webhookRequest(PAYMENT_FAILED));
    assert.equal(response.status, 200);
    assert.equal(await vedette.flush(5000), true);

    const [tx] = server.items('/transactions');
    assert.deepEqual(tx, {
      id: 'order-1042',
      status: 'FAILED',
      amount: '20.00',
      currency: 'USD',
      provider: 'stripe',
      paymentId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      error: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
      occurredAt: '2025-12-03T10:20:00.000Z',
      paymentMethod: 'card',
      customer: { email: 'ada@example.com' },
    });
    const [webhook] = server.items('/webhooks');
    assert.equal(webhook.eventType, 'payment_intent.payment_failed');
    assert.equal(webhook.externalId, 'evt_3MtwBwLkdIwHu7ix0snN0B15');
    assert.equal(webhook.outcome, 'PROCESSED');
    assert.ok(Number.isInteger(webhook.processingTimeMs));
    await vedette.close();
  });

  it('refuses a bad or stale signature with 400 and records a failed webhook, no transaction', async () => {
    const client = new Client({ url: server.url, key: `vk_example0_${'e'.repeat(32)}`, flushOnExit: false, logger: null });
    const before = server.items('/transactions').length;
    const forged = await handleStripeWebhook(webhookRequest(PAYMENT_FAILED, { secret: 'whsec_wrong' }), { client, secret: SECRET });
    const stale = await handleStripeWebhook(webhookRequest(PAYMENT_FAILED, { at: Date.now() - 600_000 }), { client, secret: SECRET });
    assert.deepEqual([forged.status, stale.status], [400, 400]);
    assert.equal(await client.flush(5000), true);
    assert.equal(server.items('/transactions').length, before);
    const failed = server.items('/webhooks').filter((w) => w.outcome === 'FAILED');
    assert.equal(failed.length, 2);
    assert.equal(failed[0].error, 'bad Stripe-Signature');
    await client.close();
  });

  it('ignores event types it does not handle, and says so', async () => {
    const client = new Client({ url: server.url, key: `vk_example0_${'e'.repeat(32)}`, flushOnExit: false, logger: null });
    const response = await handleStripeWebhook(
      webhookRequest({ ...PAYMENT_FAILED, id: 'evt_other', type: 'customer.created' }), { client, secret: SECRET });
    assert.equal(response.status, 200);
    assert.equal(await client.flush(5000), true);
    assert.equal(server.items('/webhooks').find((w) => w.externalId === 'evt_other').outcome, 'IGNORED');
    await client.close();
  });
});
