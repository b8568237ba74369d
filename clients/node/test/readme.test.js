// Runs every ```js block of README.md, in order, as one module: against the server named by
// VEDETTE_URL/VEDETTE_KEY when set, else against the fake server.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeServer } from './support/fake-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

it('runs every js block of the README and delivers everything', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.ok(blocks.length >= 5, `${blocks.length} js blocks`);
  const real = process.env.VEDETTE_URL && process.env.VEDETTE_KEY;
  const server = real ? null : await startFakeServer();
  const saved = { url: process.env.VEDETTE_URL, key: process.env.VEDETTE_KEY };
  if (server) {
    process.env.VEDETTE_URL = server.url;
    process.env.VEDETTE_KEY = `vk_readme00_${'r'.repeat(32)}`;
  }
  // inside the package, so that '@vedette/client' resolves to it (a package may import itself)
  const dir = mkdtempSync(join(root, '.readme-'));
  try {
    const file = join(dir, 'readme.mjs');
    writeFileSync(file, `${blocks.join('\n')}\nexport { client, stats };\n`);
    const { client, stats } = await import(pathToFileURL(file).href);
    assert.deepEqual([stats.queued, stats.rejected, stats.dropped], [0, 0, 0], JSON.stringify(stats));
    assert.equal(client.stats().sent, 11);
    if (server) {
      assert.deepEqual(server.items('/transactions').map((t) => t.id), ['order-1042', 'order-1042']);
      assert.deepEqual(server.items('/checkins/expire-reservations').map((c) => c.status), ['start', 'success']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (server) {
      await server.close();
      process.env.VEDETTE_URL = saved.url;
      process.env.VEDETTE_KEY = saved.key;
      if (saved.url === undefined) delete process.env.VEDETTE_URL;
      if (saved.key === undefined) delete process.env.VEDETTE_KEY;
    }
  }
});
