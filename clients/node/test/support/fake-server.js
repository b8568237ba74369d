// A small HTTP server on a free port that stands in for the network in the unit tests: it records
// every request and answers what the test scripts (429, 500, 413, ...), else 202 with every item
// accepted. It fakes the server, never the client's own code.
import http from 'node:http';

export async function startFakeServer() {
  const state = {
    requests: [],
    script: [],
    rule: null,
    gate: Promise.resolve(),
  };
  let openGate = () => {};
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      await state.gate;
      const body = Buffer.concat(chunks).toString('utf8');
      const request = { method: req.method, path: req.url, headers: req.headers, body, json: JSON.parse(body || 'null') };
      state.requests.push(request);
      let answer = state.script.length > 0 ? state.script.shift() : null;
      if (!answer && state.rule) answer = state.rule(request);
      if (!answer) answer = [202, {}, acceptAll(request.json)];
      const [status, headers, payload] = answer;
      const data = payload == null ? '' : JSON.stringify(payload);
      res.writeHead(status, {
        ...headers,
        'content-type': status < 400 ? 'application/json' : 'application/problem+json',
        'content-length': Buffer.byteLength(data),
      });
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get requests() { return state.requests; },
    set script(s) { state.script = s; },
    set rule(r) { state.rule = r; },
    hold() { state.gate = new Promise((resolve) => { openGate = resolve; }); },
    release() { openGate(); state.gate = Promise.resolve(); },
    items(pathEnd) {
      return state.requests.filter((r) => r.path.endsWith(pathEnd)).flatMap((r) => (Array.isArray(r.json) ? r.json : [r.json]));
    },
    async close() {
      openGate();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function acceptAll(body) {
  const items = Array.isArray(body) ? body : [body];
  return {
    accepted: items.length,
    rejected: 0,
    results: items.map((it, index) => ({ index, status: 'accepted', id: String(it?.id ?? index) })),
  };
}

export function problem(status, title, detail) {
  return { type: 'https://vedette.dev/problems/x', title, status, ...(detail ? { detail } : {}) };
}
