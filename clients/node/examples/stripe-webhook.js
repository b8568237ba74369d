// A Next.js API route's handler recording Stripe webhooks, shaped like the TypeScript seed apps
// (Next.js on Stripe): a payment_intent.payment_failed event becomes a FAILED transaction with
// Stripe's decline code, and every webhook is recorded with its outcome and processing time.
//
// The Vedette part is this plain function of a Web Request, which the route (app/api/webhooks/
// stripe/route.js) calls and the tests call with a Request object, without Next.js.
import { createHmac, timingSafeEqual } from 'node:crypto';

const TOLERANCE_SECONDS = 300;
// Stripe amounts are in the currency's smallest unit; these currencies have none below the unit.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/**
 * Handles one Stripe webhook delivery.
 *
 * @param {Request} request the webhook request (its raw body is what Stripe signed)
 * @param {{client: import('../index.js').Client, secret: string, now?: () => number}} options
 *   the Vedette client, the endpoint's signing secret (whsec_...), and the clock (epoch ms)
 * @returns {Promise<Response>} 200 when handled or ignored, 400 for a bad signature
 */
export async function handleStripeWebhook(request, { client, secret, now = Date.now }) {
  const started = performance.now();
  const body = await request.text();
  if (!verifySignature(body, request.headers.get('stripe-signature'), secret, now())) {
    client.recordWebhook({ provider: 'stripe', eventType: 'unverified', outcome: 'FAILED', error: 'bad Stripe-Signature' });
    return json(400, { error: 'bad signature' });
  }
  const event = JSON.parse(body);
  let outcome = 'IGNORED';
  if (event.type === 'payment_intent.payment_failed') {
    recordFailedPayment(client, event);
    outcome = 'PROCESSED';
  }
  client.recordWebhook({
    provider: 'stripe',
    eventType: event.type,
    externalId: event.id,
    outcome,
    processingTimeMs: Math.round(performance.now() - started),
  });
  return json(200, { received: true });
}

function recordFailedPayment(client, event) {
  const intent = event.data.object;
  const error = intent.last_payment_error ?? {};
  const currency = String(intent.currency).toUpperCase();
  const transaction = {
    id: intent.metadata?.order_id ?? intent.id,
    status: 'FAILED',
    amount: ZERO_DECIMAL.has(currency) ? String(intent.amount) : (intent.amount / 100).toFixed(2),
    currency,
    provider: 'stripe',
    paymentId: intent.id,
    error: { code: error.decline_code ?? error.code ?? 'payment_failed', message: error.message ?? 'payment failed' },
    occurredAt: new Date(event.created * 1000),
  };
  const method = error.payment_method?.type ?? intent.payment_method_types?.[0];
  if (method) transaction.paymentMethod = method;
  if (intent.receipt_email) transaction.customer = { email: intent.receipt_email };
  client.recordTransaction(transaction);
}

/** Stripe's scheme: Stripe-Signature "t=<seconds>,v1=<hex HMAC-SHA256 of `${t}.${body}`>". */
export function verifySignature(body, header, secret, nowMs) {
  if (!header || !secret) return false;
  const parts = header.split(',').map((p) => p.split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isFinite(t) || Math.abs(nowMs / 1000 - t) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const given = Buffer.from(v ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** The header Stripe would send for `body` at `nowMs` (for tests and local replays). */
export function signatureHeader(body, secret, nowMs) {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
