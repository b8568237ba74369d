// Vedette client for Node 18+: an ES module with no dependencies (global fetch).
// Record calls only put the record in a bounded buffer and return; the buffer is sent in batches
// on the event loop, retried on 429 (Retry-After honoured), 5xx and network errors with
// exponential backoff and jitter. Nothing here throws into the host once the client is built;
// what is lost is counted in client.stats(). The key is never logged.

const VERSION = '0.1.0';
const MAX_BATCH = 1000;
const MAX_RETRY_AFTER_MS = 300_000;
const CHECKIN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const CHECKIN_STATUSES = new Set(['start', 'success', 'fail']);
const BATCHED = {
  transaction: 'transactions',
  health: 'health',
  error: 'errors',
  log: 'logs',
  webhook: 'webhooks',
  activity: 'activity',
};
const TIME_FIELDS = ['occurredAt', 'checkedAt'];

/**
 * Milliseconds to wait before retry number `attempt` (1, 2, ...): exponential, capped, with
 * jitter between half and all of min(cap, base * 2^(attempt-1)).
 */
export function backoffDelay(attempt, baseMs, capMs, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date); undefined if absent or bad. */
export function retryAfterMs(header, now = Date.now()) {
  if (header == null) return undefined;
  const text = String(header).trim();
  let ms;
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const when = Date.parse(text);
    if (Number.isNaN(when)) return undefined;
    ms = when - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

export class Client {
  /**
   * @param {object} options see index.d.ts (ClientOptions)
   * @throws {TypeError} naming the option and its bad value (never the key)
   */
  constructor(options) {
    const o = options ?? {};
    let url;
    try {
      url = new URL(String(o.url));
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new TypeError(`url must be an absolute http or https URL, was ${JSON.stringify(o.url)}`);
    }
    if (typeof o.key !== 'string' || o.key.trim() === '' || /\s/.test(o.key)) {
      throw new TypeError('key must be a non-empty string without spaces (the value is not shown)');
    }
    this._maxBuffer = positiveInt('maxBuffer', o.maxBuffer ?? 10_000);
    this._batchSize = positiveInt('batchSize', o.batchSize ?? 500);
    if (this._batchSize > MAX_BATCH) {
      throw new TypeError(`batchSize must be at most ${MAX_BATCH}, was ${o.batchSize}`);
    }
    this._flushIntervalMs = positive('flushIntervalMs', o.flushIntervalMs ?? 1000);
    this._timeoutMs = positive('timeoutMs', o.timeoutMs ?? 10_000);
    this._maxAttempts = positiveInt('maxAttempts', o.maxAttempts ?? 6);
    this._backoffBaseMs = positive('backoffBaseMs', o.backoffBaseMs ?? 500);
    this._backoffMaxMs = positive('backoffMaxMs', o.backoffMaxMs ?? 30_000);
    const basePath = String(o.basePath ?? '/vedette/ingest/v1').replace(/^\/+|\/+$/g, '');
    this._base = `${url.href.replace(/\/+$/, '')}/${basePath}/`;
    this._origin = url.origin;
    const key = o.key;
    // a closure, not a property: the key does not show in console.log(client) or JSON.stringify
    this._headers = () => ({
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      accept: 'application/json, application/problem+json',
      'user-agent': `vedette-node/${VERSION}`,
    });
    this._logger = o.logger === undefined ? console : o.logger;
    this._buffer = []; // kind, payload, kind, payload, ...
    this._inFlight = 0;
    this._closed = false;
    this._sending = null;
    this._timer = null;
    this._soon = null;
    this._waiters = new Set();
    this._abandon = null;
    this._abandoned = new Promise((resolve) => { this._abandon = resolve; });
    this._counts = { sent: 0, rejected: 0, dropped: 0, retries: 0 };
    this._lastError = null;
    this._flushOnExit = o.flushOnExit ?? true;
    if (this._flushOnExit && typeof process !== 'undefined' && process.on) {
      this._onBeforeExit = () => {
        if (this._buffer.length > 0 && !this._sending && !this._closed) this.flush(2000);
      };
      process.on('beforeExit', this._onBeforeExit);
    }
  }

  toString() {
    return `Client(url=${this._origin}, key=(hidden))`;
  }

  toJSON() {
    return { url: this._origin, key: '(hidden)' };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return this.toString();
  }

  // --- record calls: never throw, never wait ------------------------------------------------------

  recordTransaction(transaction) {
    this._record('transaction', transaction, 'occurredAt');
  }

  recordHealth(report) {
    this._record('health', report, 'checkedAt');
  }

  recordError(error, fields) {
    try {
      let e;
      if (error instanceof Error) {
        e = { type: error.name || error.constructor?.name || 'Error', message: String(error.message ?? '') };
        if (typeof error.stack === 'string') e.stackTrace = error.stack;
        if (fields) Object.assign(e, fields);
      } else {
        e = { ...error, ...fields };
      }
      if (typeof e.type !== 'string' || e.type === '') {
        this._dropBad('error', 'recordError needs an Error or a type');
        return;
      }
      if (e.occurredAt === undefined) e.occurredAt = Date.now();
      this._offer('error', e);
    } catch (err) {
      this._dropBad('error', `bad error record: ${err?.name}`);
    }
  }

  log(level, message, fields) {
    try {
      const entry = { level, message, ...fields };
      if (entry.occurredAt === undefined) entry.occurredAt = Date.now();
      this._offer('log', entry);
    } catch (err) {
      this._dropBad('log', `bad log record: ${err?.name}`);
    }
  }

  recordWebhook(webhook) {
    this._record('webhook', webhook, 'occurredAt');
  }

  activity(userKey) {
    this._offer('activity', { userKey });
  }

  raiseAlert(alert) {
    this._record('alert', alert, null);
  }

  checkin(name, fields) {
    try {
      if (typeof name !== 'string' || !CHECKIN_NAME.test(name)) {
        this._dropBad('checkin', `check-in name must match [A-Za-z0-9_.-]{1,64}, was ${JSON.stringify(name)}`);
        return;
      }
      const c = { status: 'success', ...fields };
      if (!CHECKIN_STATUSES.has(c.status)) {
        this._dropBad('checkin', `check-in status must be start, success or fail, was ${JSON.stringify(c.status)}`);
        return;
      }
      if (typeof c.durationMs === 'number') c.durationMs = Math.round(c.durationMs);
      this._offer('checkin', { name, body: c });
    } catch (err) {
      this._dropBad('checkin', `bad check-in: ${err?.name}`);
    }
  }

  /**
   * Runs `job` between a "start" and a "success" (with the duration) or "fail" check-in, and
   * returns (or rejects with) what the job does.
   */
  async monitor(name, job, schedule) {
    const s = { everySeconds: schedule?.everySeconds, graceSeconds: schedule?.graceSeconds };
    const sched = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
    this.checkin(name, { status: 'start', ...sched });
    const started = performance.now();
    try {
      const result = await job();
      this.checkin(name, { status: 'success', durationMs: performance.now() - started, ...sched });
      return result;
    } catch (err) {
      const message = `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`.slice(0, 500);
      this.checkin(name, { status: 'fail', durationMs: performance.now() - started, message, ...sched });
      throw err;
    }
  }

  // --- control ------------------------------------------------------------------------------------

  /**
   * Sends what is buffered and waits up to `timeoutMs`; resolves true when everything recorded
   * before the call has been answered (accepted, rejected or dropped). Never rejects.
   */
  flush(timeoutMs = 10_000) {
    if (this._buffer.length === 0 && this._inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { resolve, timer: null };
      waiter.timer = setTimeout(() => {
        this._waiters.delete(waiter);
        resolve(false);
      }, Math.max(0, timeoutMs));
      this._waiters.add(waiter);
      this._kick(true);
    });
  }

  /**
   * Flushes for up to `timeoutMs`, then stops; what is still unsent is counted as dropped, and so
   * are later record calls. Resolves true if nothing was lost to the close.
   */
  async close(timeoutMs = 10_000) {
    if (this._closed) return true;
    const flushed = await this.flush(timeoutMs);
    this._closed = true;
    if (this._onBeforeExit) process.removeListener('beforeExit', this._onBeforeExit);
    if (this._timer) clearTimeout(this._timer);
    const left = this._buffer.length / 2;
    this._buffer = [];
    if (left > 0) {
      this._count({ dropped: left, error: `closed with ${left} records unsent` });
      this._warn(`closed with ${left} records unsent`);
    }
    this._abandon();
    return flushed && left === 0;
  }

  stats() {
    return {
      queued: this._buffer.length / 2 + this._inFlight,
      ...this._counts,
      lastError: this._lastError,
    };
  }

  // --- internals ----------------------------------------------------------------------------------

  _record(kind, fields, timeField) {
    try {
      const r = { ...fields };
      if (timeField && r[timeField] === undefined) r[timeField] = Date.now();
      this._offer(kind, r);
    } catch (err) {
      this._dropBad(kind, `bad ${kind} record: ${err?.name}`);
    }
  }

  _offer(kind, payload) {
    if (this._closed) {
      this._counts.dropped++;
      this._lastError = 'recorded after close()';
      return;
    }
    if (this._buffer.length >= this._maxBuffer * 2) {
      this._counts.dropped++;
      this._lastError = `buffer full (${this._maxBuffer} records)`;
      return;
    }
    this._buffer.push(kind, payload);
    if (this._buffer.length >= this._batchSize * 2) {
      // never send (encode) on the caller's stack: the batch goes out on the next turn of the loop
      if (this._soon === null && this._sending === null) this._soon = setImmediate(() => this._kick(true));
    } else if (this._timer === null && this._sending === null) {
      this._timer = setTimeout(() => this._kick(true), this._flushIntervalMs);
      this._timer.unref?.();
    }
  }

  _dropBad(kind, reason) {
    this._counts.dropped++;
    this._lastError = reason;
    this._warn(`${kind} not recorded: ${reason}`);
  }

  _kick(now) {
    if (this._soon !== null) {
      clearImmediate(this._soon);
      this._soon = null;
    }
    if (this._sending || !now) return;
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    this._sending = this._drain().finally(() => {
      this._sending = null;
      if (this._buffer.length > 0 && !this._closed) {
        const urgent = this._waiters.size > 0 || this._buffer.length >= this._batchSize * 2;
        if (urgent) this._kick(true);
        else {
          this._timer = setTimeout(() => this._kick(true), this._flushIntervalMs);
          this._timer.unref?.();
        }
      }
      this._settleWaiters();
    });
  }

  _settleWaiters() {
    if (this._buffer.length === 0 && this._inFlight === 0) {
      for (const w of this._waiters) {
        clearTimeout(w.timer);
        w.resolve(true);
      }
      this._waiters.clear();
    }
  }

  async _drain() {
    while (this._buffer.length > 0) {
      // the buffer holds kind, payload pairs
      const n = Math.min(this._batchSize * 2, this._buffer.length);
      const items = this._buffer.splice(0, n);
      const count = n / 2;
      this._inFlight += count;
      try {
        await this._sendAll(items);
      } catch (err) {
        this._count({ dropped: count, error: 'unexpected error while sending' });
        this._warn(`unexpected error while sending; ${count} records dropped: ${err?.name}`);
      } finally {
        this._inFlight -= count;
      }
      if (this._closed) return;
    }
  }

  async _sendAll(items) {
    const batches = new Map();
    const singles = [];
    for (let i = 0; i < items.length; i += 2) {
      const kind = items[i];
      const payload = items[i + 1];
      for (const f of TIME_FIELDS) {
        if (typeof payload[f] === 'number') payload[f] = new Date(payload[f]).toISOString();
        else if (payload[f] instanceof Date) payload[f] = payload[f].toISOString();
      }
      if (kind in BATCHED) {
        if (!batches.has(kind)) batches.set(kind, []);
        batches.get(kind).push(payload);
      } else {
        singles.push([kind, payload]);
      }
    }
    for (const [kind, payload] of singles) {
      if (kind === 'alert') await this._sendSingle('alerts', payload);
      else await this._sendSingle(`checkins/${encodeURIComponent(payload.name)}`, payload.body);
    }
    for (const [kind, batch] of batches) {
      await this._sendBatch(BATCHED[kind], batch);
    }
  }

  async _sendBatch(path, batch) {
    const outcome = await this._exchange(path, batch, batch.length);
    if (!outcome) return;
    if (outcome.status === 413 && batch.length > 1) {
      const half = batch.length >> 1;
      await this._sendBatch(path, batch.slice(0, half));
      await this._sendBatch(path, batch.slice(half));
      return;
    }
    if (outcome.status >= 200 && outcome.status < 300) {
      const body = outcome.body && typeof outcome.body === 'object' ? outcome.body : {};
      const accepted = Number.isInteger(body.accepted) ? body.accepted : batch.length;
      const rejected = Number.isInteger(body.rejected) ? body.rejected : 0;
      let error;
      if (rejected > 0) {
        error = firstRejection(body.results);
        this._warn(`the server rejected ${rejected} of ${batch.length} records sent to ${path} (${pointers(body.results)})`);
      }
      this._count({ sent: accepted, rejected, error });
    } else if (outcome.status === 400 || outcome.status === 413 || outcome.status === 422) {
      this._count({ rejected: batch.length, error: outcome.error });
      this._warn(`the server rejected ${batch.length} records sent to ${path}: HTTP ${outcome.status}`);
    } else {
      this._count({ dropped: batch.length, error: outcome.error });
      this._warn(`${batch.length} records dropped: ${outcome.error} from ${path}`);
    }
  }

  async _sendSingle(path, payload) {
    const outcome = await this._exchange(path, payload, 1);
    if (!outcome) return;
    if (outcome.status >= 200 && outcome.status < 300) {
      this._count({ sent: 1 });
    } else if ([400, 404, 413, 422].includes(outcome.status)) {
      this._count({ rejected: 1, error: outcome.error });
      this._warn(`the server rejected a record sent to ${path}: HTTP ${outcome.status}`);
    } else {
      this._count({ dropped: 1, error: outcome.error });
      this._warn(`a record was dropped: ${outcome.error} from ${path}`);
    }
  }

  async _exchange(path, payload, count) {
    const body = JSON.stringify(payload);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this._post(path, body);
      const retryable = outcome.status === 0 || outcome.status === 429 || outcome.status >= 500;
      if (!retryable) return outcome;
      if (attempt >= this._maxAttempts) {
        this._count({ dropped: count, error: outcome.error });
        this._warn(`${count} records dropped after ${attempt} attempts: ${outcome.error}`);
        return undefined;
      }
      let delay = backoffDelay(attempt, this._backoffBaseMs, this._backoffMaxMs);
      if (outcome.retryAfterMs !== undefined) delay = outcome.retryAfterMs + Math.random() * this._backoffBaseMs;
      this._count({ retries: 1, error: outcome.error });
      const abandoned = await Promise.race([sleep(delay).then(() => false), this._abandoned.then(() => true)]);
      if (abandoned) {
        this._count({ dropped: count, error: `closed while retrying: ${outcome.error}` });
        return undefined;
      }
    }
  }

  async _post(path, body) {
    let response;
    try {
      response = await fetch(this._base + path, {
        method: 'POST',
        headers: this._headers(),
        body,
        signal: AbortSignal.timeout(this._timeoutMs),
      });
    } catch (err) {
      const c = err?.cause;
      const cause = c?.code ?? c?.errors?.[0]?.code ?? (err?.name === 'TimeoutError' ? 'timeout' : String(c?.message ?? err?.name ?? 'Error').slice(0, 200));
      return { status: 0, error: `cannot reach the server: ${cause}` };
    }
    let parsed = null;
    try {
      const text = await response.text();
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (response.ok) return { status: response.status, body: parsed };
    return {
      status: response.status,
      body: parsed,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      error: problem(response.status, parsed),
    };
  }

  _count({ sent = 0, rejected = 0, dropped = 0, retries = 0, error } = {}) {
    this._counts.sent += sent;
    this._counts.rejected += rejected;
    this._counts.dropped += dropped;
    this._counts.retries += retries;
    if (error != null) this._lastError = error;
  }

  _warn(message) {
    try {
      this._logger?.warn?.(`vedette: ${message}`);
    } catch {
      // a logger that throws must not reach the host either
    }
  }
}

function positive(name, value) {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a positive number, was ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveInt(name, value) {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer, was ${JSON.stringify(value)}`);
  }
  return value;
}

function sleep(ms) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}

function problem(status, body) {
  let text = `HTTP ${status}`;
  if (body && typeof body === 'object') {
    if (body.title) text += ` ${String(body.title).slice(0, 200)}`;
    if (body.detail) text += `: ${String(body.detail).slice(0, 300)}`;
  }
  return text;
}

function firstRejection(results) {
  for (const r of results ?? []) {
    if (r?.status === 'rejected') {
      const e = r.errors?.[0];
      return e ? `rejected: ${e.pointer ?? ''} ${e.detail ?? ''}` : `rejected item ${r.index}`;
    }
  }
  return 'rejected';
}

function pointers(results) {
  const out = [];
  for (const r of results ?? []) {
    if (r?.status === 'rejected') for (const e of r.errors ?? []) if (e?.pointer) out.push(e.pointer);
  }
  return out.slice(0, 5).join(', ') || 'no details';
}
