// Reads back through the server's dashboard JSON API (/vedette/api/...) with an admin key; used by
// the integration tests to check that what the client sent was stored.
export class Dashboard {
  constructor(url, key) {
    this.base = `${url.replace(/\/+$/, '')}/vedette/api/`;
    this.key = key;
  }

  async get(path, query = {}) {
    const qs = new URLSearchParams(query).toString();
    const response = await fetch(this.base + path + (qs ? `?${qs}` : ''), {
      headers: { authorization: `Bearer ${this.key}`, accept: 'application/json' },
    });
    const body = response.ok ? await response.json() : (await response.text(), null);
    return [response.status, body];
  }

  transaction(id) {
    return this.get(`transactions/${encodeURIComponent(id)}`);
  }

  /**
   * Polls read() until accept(result) holds: the server writes accepted records from its queue,
   * so a record is readable shortly after the 202. Fails with the last result.
   */
  async until(what, read, accept, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let result = await read();
    while (!accept(result)) {
      if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs} ms; last answer: ${JSON.stringify(result)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      result = await read();
    }
    return result;
  }
}
