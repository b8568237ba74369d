"""The background sender: batching, HTTP, retries. Internal; use vedette.Client."""

import json
import logging
import random
import socket
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

log = logging.getLogger("vedette")

# Record kinds sent as JSON arrays (batches) to POST <base>/<path>.
BATCHED = {
    "transaction": "transactions",
    "health": "health",
    "error": "errors",
    "log": "logs",
    "webhook": "webhooks",
    "activity": "activity",
}
# Fields holding a time.time() float stamped at the record call, written as ISO-8601 when sent.
TIME_FIELDS = ("occurredAt", "checkedAt")
MAX_RETRY_AFTER = 300.0
# The sender gives up the GIL this often while it encodes a batch, so a host thread that records
# meanwhile waits for a few items' worth of work, not for the whole batch (or the 5 ms switch
# interval).
YIELD_EVERY = 32


def encode(payload):
    """JSON bytes of a record or a batch; times stamped as floats become ISO-8601 instants."""
    if not isinstance(payload, list):
        _stamp(payload)
        return json.dumps(payload, separators=(",", ":"), default=str).encode("utf-8")
    parts = []
    dumps = json.dumps
    for i, item in enumerate(payload):
        _stamp(item)
        parts.append(dumps(item, separators=(",", ":"), default=str))
        if i % YIELD_EVERY == YIELD_EVERY - 1:
            time.sleep(0)
    return ("[" + ",".join(parts) + "]").encode("utf-8")


def iso_instant(value):
    """An ISO-8601 UTC instant with milliseconds, e.g. 2026-12-03T10:15:30.123Z."""
    text = datetime.fromtimestamp(value, timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def backoff_delay(attempt, base, cap, rng=random.random):
    """Seconds to wait before retry number `attempt` (1, 2, ...): exponential, capped, with jitter.

    The delay is between half and all of min(cap, base * 2 ** (attempt - 1)) ("equal jitter"), so
    clients that failed together do not retry together and none retries at once.
    """
    ceiling = min(cap, base * (2 ** (attempt - 1)))
    return ceiling / 2 + rng() * ceiling / 2


def retry_after_seconds(header, now=None):
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or bad."""
    if header is None:
        return None
    text = header.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds < 0:  # NaN or in the past
        return 0.0
    return min(seconds, MAX_RETRY_AFTER)


class Outcome:
    """What one HTTP exchange came to."""

    __slots__ = ("status", "body", "retry_after", "error")

    def __init__(self, status, body=None, retry_after=None, error=None):
        self.status = status  # HTTP status, or 0 for a connection error
        self.body = body
        self.retry_after = retry_after
        self.error = error

    @property
    def retryable(self):
        return self.status == 0 or self.status == 429 or self.status >= 500


class Sender:
    """Posts JSON to the ingest API; knows nothing of buffering."""

    def __init__(self, base_url, key, timeout, user_agent):
        self._base = base_url
        self._headers = {
            "Authorization": "Bearer " + key,
            "Content-Type": "application/json",
            "Accept": "application/json, application/problem+json",
            "User-Agent": user_agent,
        }
        self._timeout = timeout

    def post(self, path, data):
        request = urllib.request.Request(self._base + path, data=data, headers=self._headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return Outcome(response.status, _json(response.read()))
        except urllib.error.HTTPError as e:
            try:
                body = _json(e.read())
            except (OSError, ValueError):
                body = None
            finally:
                e.close()
            return Outcome(e.code, body, retry_after_seconds(e.headers.get("Retry-After")), _problem(e.code, body))
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as e:
            reason = getattr(e, "reason", e)
            return Outcome(0, error="cannot reach the server: %s" % type(reason).__name__ + _reason(reason))


def _reason(reason):
    text = str(reason)
    return (": " + text[:200]) if text else ""


def _json(raw):
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _problem(status, body):
    """A short description of an error answer, from its RFC 9457 problem details if any."""
    text = "HTTP %d" % status
    if isinstance(body, dict):
        title = body.get("title")
        detail = body.get("detail")
        if title:
            text += " " + str(title)[:200]
        if detail:
            text += ": " + str(detail)[:300]
    return text


class Worker(threading.Thread):
    """Drains the client's buffer in batches on a daemon thread."""

    def __init__(self, client):
        super().__init__(name="vedette-sender", daemon=True)
        self._client = client

    def run(self):
        c = self._client
        while True:
            items = c._take()
            if items is None:
                return
            try:
                self._send_all(items)
            except Exception:  # noqa: BLE001 - the sender thread must outlive any bug
                log.exception("vedette: unexpected error while sending; %d records dropped", len(items))
                c._count(dropped=len(items), error="unexpected error while sending")
            finally:
                c._done(len(items))

    def _send_all(self, items):
        batches = {}
        for kind, payload in items:
            if kind in BATCHED:
                batches.setdefault(kind, []).append(payload)
            elif kind == "alert":
                self._send_single("alerts", payload)
            elif kind == "checkin":
                name = payload.pop("_name")
                self._send_single("checkins/" + name, payload)
        for kind, batch in batches.items():
            self._send_batch(BATCHED[kind], batch)

    def _send_batch(self, path, batch):
        c = self._client
        outcome = self._exchange(path, batch, len(batch))
        if outcome is None:
            return
        if outcome.status == 413 and len(batch) > 1:
            half = len(batch) // 2
            self._send_batch(path, batch[:half])
            self._send_batch(path, batch[half:])
            return
        if 200 <= outcome.status < 300:
            body = outcome.body if isinstance(outcome.body, dict) else {}
            accepted = _int(body.get("accepted"), len(batch))
            rejected = _int(body.get("rejected"), 0)
            error = None
            if rejected:
                error = _first_rejection(body.get("results"))
                log.warning("vedette: the server rejected %d of %d records sent to %s (%s)",
                            rejected, len(batch), path, _pointers(body.get("results")))
            c._count(sent=accepted, rejected=rejected, error=error)
        elif outcome.status in (400, 413, 422):
            c._count(rejected=len(batch), error=outcome.error)
            log.warning("vedette: the server rejected %d records sent to %s: HTTP %d", len(batch), path, outcome.status)
        else:
            c._count(dropped=len(batch), error=outcome.error)
            log.warning("vedette: %d records dropped: %s from %s", len(batch), _status_text(outcome), path)

    def _send_single(self, path, payload):
        c = self._client
        outcome = self._exchange(path, payload, 1)
        if outcome is None:
            return
        if 200 <= outcome.status < 300:
            c._count(sent=1)
        elif outcome.status in (400, 404, 413, 422):
            c._count(rejected=1, error=outcome.error)
            log.warning("vedette: the server rejected a record sent to %s: HTTP %d", path, outcome.status)
        else:
            c._count(dropped=1, error=outcome.error)
            log.warning("vedette: a record was dropped: %s from %s", _status_text(outcome), path)

    def _exchange(self, path, payload, count):
        """Posts with retries; None when the items were given up on (and counted as dropped)."""
        c = self._client
        data = encode(payload)
        attempt = 0
        while True:
            attempt += 1
            outcome = c._sender.post(path, data)
            if not outcome.retryable:
                return outcome
            if attempt >= c._max_attempts:
                c._count(dropped=count, error=outcome.error)
                log.warning("vedette: %d records dropped after %d attempts: %s", count, attempt, _status_text(outcome))
                return None
            delay = backoff_delay(attempt, c._backoff_base, c._backoff_max)
            if outcome.retry_after is not None:
                delay = max(outcome.retry_after, 0.0) + c._backoff_base * random.random()
            c._count(retries=1, error=outcome.error)
            if c._abandon.wait(delay):
                c._count(dropped=count, error="closed while retrying: " + str(outcome.error))
                return None


def _stamp(payload):
    for field in TIME_FIELDS:
        value = payload.get(field)
        if isinstance(value, float):
            payload[field] = iso_instant(value)


def _int(value, default):
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _first_rejection(results):
    for r in results or ():
        if isinstance(r, dict) and r.get("status") == "rejected":
            errors = r.get("errors") or []
            if errors and isinstance(errors[0], dict):
                return "rejected: %s %s" % (errors[0].get("pointer", ""), errors[0].get("detail", ""))
            return "rejected item %s" % r.get("index")
    return "rejected"


def _pointers(results):
    pointers = []
    for r in results or ():
        if isinstance(r, dict) and r.get("status") == "rejected":
            for e in r.get("errors") or []:
                if isinstance(e, dict) and e.get("pointer"):
                    pointers.append(str(e["pointer"]))
    return ", ".join(pointers[:5]) or "no details"


def _status_text(outcome):
    return outcome.error or ("HTTP %d" % outcome.status)
