"""A fast local HTTP sink for the client overhead harnesses: answers every POST with 202 and an
all-accepted result, in its own process so that it takes no CPU time from the measured thread's
interpreter. Prints its port on the first line of stdout."""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            n = len(json.loads(body)) if body.startswith(b"[") else 1
        except ValueError:
            n = 1
        data = json.dumps({"accepted": n, "rejected": 0, "results": []}).encode()
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    print(server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()
