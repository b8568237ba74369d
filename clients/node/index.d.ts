// Type declarations of @vedette/client (index.js). Field names are those of the ingest API's JSON
// (docs/ingest.md), which follow the Java builders.

/** A time: a Date, epoch milliseconds, or an ISO-8601 instant string. */
export type Instant = Date | number | string;
/** Metadata, details and context values: scalars only. */
export type Scalars = Record<string, string | number | boolean | null>;

export interface ClientOptions {
  /** The server's base URL, e.g. "http://localhost:8080". */
  url: string;
  /** An ingest (or admin) key, "vk_<8>_<32>". Sent as Authorization: Bearer; never logged. */
  key: string;
  /** Most records kept waiting; more are dropped and counted. Default 10,000. */
  maxBuffer?: number;
  /** Most records per request, at most 1,000. Default 500. */
  batchSize?: number;
  /** How long records may wait for a batch to fill. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Timeout of one request. Default 10,000 ms. */
  timeoutMs?: number;
  /** Tries per request (429, 5xx and network errors are retried). Default 6. */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  backoffBaseMs?: number;
  /** Longest backoff delay. Default 30,000 ms. */
  backoffMaxMs?: number;
  /** Path of the ingest API. Default "/vedette/ingest/v1". */
  basePath?: string;
  /** Where warnings go (an object with warn(message)); null for none. Default console. */
  logger?: { warn(message: string): void } | null;
  /** Flush what is buffered when the event loop empties (process "beforeExit"). Default true. */
  flushOnExit?: boolean;
}

export interface Transaction {
  id: string;
  /** PENDING, COMPLETED, FAILED, ERROR, REFUNDED, or your own upper-case code. */
  status: string;
  amount?: string | number;
  currency?: string;
  customer?: { email?: string; name?: string };
  provider?: string;
  orderId?: string;
  paymentId?: string;
  paymentMethod?: string;
  error?: { code?: string; message?: string };
  attempt?: number;
  latencyMs?: number;
  metadata?: Scalars;
  /** A named step such as "user_created" or "email_sent". */
  step?: string;
  /** Default: the time of the call. */
  occurredAt?: Instant;
}

export interface HealthReport {
  component: string;
  status: 'UP' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';
  responseTimeMs?: number;
  message?: string;
  details?: Scalars;
  /** Default: the time of the call. */
  checkedAt?: Instant;
}

export interface ErrorFields {
  type?: string;
  message?: string;
  stackTrace?: string;
  component?: string;
  transactionId?: string;
  context?: Scalars;
  occurredAt?: Instant;
}

export interface LogFields {
  component?: string;
  transactionId?: string;
  details?: Scalars;
  occurredAt?: Instant;
}

export interface WebhookEvent {
  provider: string;
  eventType: string;
  externalId?: string;
  outcome?: 'PROCESSED' | 'FAILED' | 'IGNORED';
  error?: string;
  attempt?: number;
  processingTimeMs?: number;
  occurredAt?: Instant;
}

export interface Alert {
  title: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  message?: string;
  component?: string;
  labels?: Record<string, string>;
  dedupKey?: string;
  source?: string;
}

export interface Schedule {
  /** The job's interval: registers a heartbeat that alerts when no success arrives in time. */
  everySeconds?: number;
  /** Slack after the interval, and how long a started run may take. Server default 300. */
  graceSeconds?: number;
}

export interface CheckinFields extends Schedule {
  /** Default "success". */
  status?: 'start' | 'success' | 'fail';
  durationMs?: number;
  message?: string;
}

export interface Stats {
  /** Records waiting or being sent. */
  queued: number;
  /** Records the server accepted. */
  sent: number;
  /** Records the server refused as invalid. */
  rejected: number;
  /** Records lost on the client's side: buffer full, after close(), retries exhausted, 401/403. */
  dropped: number;
  /** Requests sent again after a 429, a 5xx or a network error. */
  retries: number;
  /** The last problem seen (never contains the key), or null. */
  lastError: string | null;
}

/** Milliseconds before retry number `attempt`: exponential, capped, jittered between half and all. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random?: () => number): number;
/** Milliseconds from a Retry-After header (seconds or HTTP date), capped at 5 minutes; undefined if absent or bad. */
export function retryAfterMs(header: string | null | undefined, now?: number): number | undefined;

/**
 * Sends records to a Vedette server's ingest API. Record calls return at once and never throw;
 * records are sent in batches on the event loop and retried on 429, 5xx and network errors.
 * The constructor throws a TypeError naming a bad option.
 */
export class Client {
  constructor(options: ClientOptions);
  recordTransaction(transaction: Transaction): void;
  recordHealth(report: HealthReport): void;
  /** An Error (its name, message and stack), or fields with at least a type. */
  recordError(error: Error | ErrorFields, fields?: ErrorFields): void;
  log(level: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG', message: string, fields?: LogFields): void;
  recordWebhook(webhook: WebhookEvent): void;
  activity(userKey: string): void;
  raiseAlert(alert: Alert): void;
  /** Checks in the scheduled job `name` ([A-Za-z0-9_.-], 1 to 64 characters). */
  checkin(name: string, fields?: CheckinFields): void;
  /** Runs `job` between a start and a success or fail check-in; resolves or rejects as the job does. */
  monitor<T>(name: string, job: () => T | Promise<T>, schedule?: Schedule): Promise<T>;
  /** Sends what is buffered; resolves true if all of it was answered within the timeout. Never rejects. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Flushes, then stops; resolves true if nothing was lost to the close. */
  close(timeoutMs?: number): Promise<boolean>;
  stats(): Stats;
}
