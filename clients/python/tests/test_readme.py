"""Runs every ```python block of README.md, in order, in one namespace: against the server named by
VEDETTE_URL/VEDETTE_KEY when set, else against FakeServer."""

import os
import re
import unittest
from pathlib import Path

from .fake_server import FakeServer

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


class ReadmeTest(unittest.TestCase):
    def test_every_python_block_runs_and_delivers_everything(self):
        blocks = BLOCK.findall(README.read_text(encoding="utf-8"))
        self.assertGreaterEqual(len(blocks), 5)
        server = None
        saved = {k: os.environ.get(k) for k in ("VEDETTE_URL", "VEDETTE_KEY")}
        if not (saved["VEDETTE_URL"] and saved["VEDETTE_KEY"]):
            server = FakeServer().__enter__()
            os.environ["VEDETTE_URL"] = server.url
            os.environ["VEDETTE_KEY"] = "vk_readme00_" + "r" * 32
        try:
            namespace = {"__name__": "readme"}
            for i, code in enumerate(blocks):
                with self.subTest(block=i):
                    exec(compile(code, "%s block %d" % (README.name, i + 1), "exec"), namespace)
            stats = namespace["client"].stats()
            self.assertEqual((0, 0, 0), (stats.queued, stats.rejected, stats.dropped), stats)
            self.assertEqual(14, stats.sent)
            if server is not None:
                self.assertEqual(["order-7", "order-7", "order-8"], [t["id"] for t in server.items("/transactions")])
                self.assertEqual(["start", "success", "start", "success", "success"],
                                 [c["status"] for r in server.requests if "/checkins/" in r.path for c in [r.json]])
        finally:
            if server is not None:
                server.__exit__(None, None, None)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


if __name__ == "__main__":
    unittest.main()
