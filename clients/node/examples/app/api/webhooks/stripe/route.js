// Next.js App Router: app/api/webhooks/stripe/route.js. One Vedette client per server process.
import { Client } from '@vedette/client';
import { handleStripeWebhook } from '../../../../stripe-webhook.js';

const vedette = new Client({ url: process.env.VEDETTE_URL, key: process.env.VEDETTE_KEY });

export async function POST(request) {
  return handleStripeWebhook(request, { client: vedette, secret: process.env.STRIPE_WEBHOOK_SECRET });
}

export { vedette };
