"""A small HTTP server on a free port that stands in for the network in the unit tests: it records
every request and answers what the test scripts (429, 500, 413, ...), else 202 with every item
accepted. It fakes the server, never the client's own code."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))


class FakeServer:
    def __init__(self):
        self.requests = []
        self.script = []  # (status, headers dict, body dict or None) answered in order before the default
        self.rule = None  # optional function(Request) -> (status, headers, body) or None
        self.gate = threading.Event()  # cleared: requests wait until it is set
        self.gate.set()
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                request = Request("POST", self.path, dict(self.headers.items()), body)
                outer.gate.wait(30)
                with outer._lock:
                    outer.requests.append(request)
                    answer = outer.script.pop(0) if outer.script else None
                if answer is None and outer.rule is not None:
                    answer = outer.rule(request)
                if answer is None:
                    answer = (202, {}, _accept_all(request))
                status, headers, payload = answer
                data = b"" if payload is None else json.dumps(payload).encode("utf-8")
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json" if status < 400 else "application/problem+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.gate.set()
        self._server.shutdown()
        self._server.server_close()

    def items(self, path_end):
        """Every item posted to a path ending with path_end, in arrival order."""
        out = []
        for r in list(self.requests):
            if r.path.endswith(path_end):
                body = r.json
                out.extend(body if isinstance(body, list) else [body])
        return out


def _accept_all(request):
    body = request.json
    items = body if isinstance(body, list) else [body]
    return {
        "accepted": len(items),
        "rejected": 0,
        "results": [{"index": i, "status": "accepted", "id": str(it.get("id", i))} for i, it in enumerate(items)],
    }


def problem(status, title, detail=None):
    body = {"type": "https://vedette.dev/problems/x", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return body
