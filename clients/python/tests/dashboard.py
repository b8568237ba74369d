"""Reads back through the server's dashboard JSON API (/vedette/api/...) with an admin key; used by
the integration tests to check that what the client sent was stored."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request


class Dashboard:
    def __init__(self, url, key):
        self._base = url.rstrip("/") + "/vedette/api/"
        self._key = key

    def get(self, path, **query):
        url = self._base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + self._key,
                                                       "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            with e:
                return e.code, None

    def transaction(self, id):
        return self.get("transactions/" + urllib.parse.quote(id, safe=""))

    def until(self, what, read, accept, timeout=20.0):
        """Polls read() until accept(result) holds: the server writes accepted records from its
        queue, so a record is readable shortly after the 202. Fails with the last result."""
        deadline = time.monotonic() + timeout
        result = read()
        while not accept(result):
            if time.monotonic() > deadline:
                raise AssertionError("%s: not there after %.0f s; last answer: %r" % (what, timeout, result))
            time.sleep(0.1)
            result = read()
        return result
