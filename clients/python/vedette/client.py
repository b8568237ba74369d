"""vedette.Client: the public API of the Python client."""

import atexit
import collections
import contextlib
import logging
import os
import re
import sys
import threading
import time
import traceback
import weakref
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote, urlsplit

from ._sender import Sender, Worker

log = logging.getLogger("vedette")

MAX_BATCH = 1000
_CHECKIN_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_CHECKIN_STATUSES = ("start", "success", "fail")


class Stats(collections.namedtuple("Stats", "queued sent rejected dropped retries last_error")):
    """What became of the records handed to a Client.

    queued:     records waiting in the buffer or being sent now
    sent:       records the server accepted
    rejected:   records the server refused as invalid (HTTP 400/413/422, or "rejected" in a batch)
    dropped:    records lost on the client's side: buffer full, recorded after close(), retries
                exhausted, or an answer that retrying cannot fix (401, 403, ...)
    retries:    requests sent again after a 429, a 5xx or a connection error
    last_error: the last problem seen, or None (never contains the key)
    """

    __slots__ = ()


class Client:
    """Sends records to a Vedette server's ingest API (POST /vedette/ingest/v1/...).

    Record calls (record_transaction, record_health, record_error, log, record_webhook, activity,
    raise_alert, checkin) only put the record in a bounded buffer and return; a daemon thread sends
    the buffer in batches of at most `batch_size` records (at most 1,000) every `flush_interval`
    seconds, or sooner when a batch is full. A 429 (its Retry-After honoured), a 5xx or a
    connection error is retried with exponential backoff and jitter up to `max_attempts` times.

    Once built, the client never raises into the calling code: a full buffer, a record after
    close() and a batch given up on are counted (stats().dropped) and logged on the "vedette"
    logger, which never sees the key. Times are stamped at the record call, so buffering does not
    move them. flush(timeout) waits for what is buffered; close(timeout) flushes and stops, and runs
    at interpreter exit unless flush_at_exit=False.

    Raises ValueError (naming the argument and its bad value) only from the constructor.
    """

    def __init__(self, url, key, *, max_buffer=10000, batch_size=500, flush_interval=1.0, timeout=10.0,
                 max_attempts=6, backoff_base=0.5, backoff_max=30.0, base_path="/vedette/ingest/v1",
                 flush_at_exit=True):
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("url must be an absolute http or https URL, was %r" % (url,))
        if not isinstance(key, str) or not key.strip() or any(ch.isspace() for ch in key):
            raise ValueError("key must be a non-empty string without spaces (the value is not shown)")
        _positive_int("max_buffer", max_buffer)
        _positive_int("batch_size", batch_size)
        if batch_size > MAX_BATCH:
            raise ValueError("batch_size must be at most %d, was %r" % (MAX_BATCH, batch_size))
        _positive_int("max_attempts", max_attempts)
        for name, value in (("flush_interval", flush_interval), ("timeout", timeout),
                            ("backoff_base", backoff_base), ("backoff_max", backoff_max)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError("%s must be a positive number of seconds, was %r" % (name, value))
        self._url = url.rstrip("/")
        self._max_buffer = max_buffer
        self._batch_size = batch_size
        self._flush_interval = float(flush_interval)
        self._max_attempts = max_attempts
        self._backoff_base = float(backoff_base)
        self._backoff_max = float(backoff_max)
        from . import __version__
        self._sender = Sender(self._url + "/" + base_path.strip("/") + "/", key, float(timeout),
                              "vedette-python/%s" % __version__)
        # Record calls append to the deque without a lock (append is atomic) and wake the sender
        # through an Event only when a batch is full; the lock guards the counters and flush().
        self._buffer = collections.deque()
        self._wake = threading.Event()
        self._lock = threading.Condition(threading.Lock())
        self._in_flight = 0
        self._flushing = 0
        self._closed = False
        self._abandon = threading.Event()
        self._sent = self._rejected = self._dropped = self._retries = 0
        self._last_error = None
        self._worker = None
        ref = weakref.ref(self)
        if flush_at_exit:
            atexit.register(_close_at_exit, ref)
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=lambda: _reset_after_fork(ref))

    def __repr__(self):
        return "Client(url=%r, key=(hidden))" % self._url

    # --- record calls: never raise, never block ---------------------------------------------------

    def record_transaction(self, id, status, *, amount=None, currency=None, customer_email=None,
                           customer_name=None, provider=None, order_id=None, payment_id=None,
                           payment_method=None, error_code=None, error_message=None, attempt=None,
                           latency_ms=None, metadata=None, step=None, occurred_at=None):
        """Records one observation of transaction `id` (status PENDING, COMPLETED, FAILED, ERROR,
        REFUNDED, ...). Observations of one id merge on the server, so retries and steps are safe:
        record "PENDING" with step="user_created", later "COMPLETED" with step="email_sent"."""
        try:
            t = {"id": id, "status": status, "occurredAt": _time(occurred_at)}
            if amount is not None:
                t["amount"] = _amount(amount)
            _put(t, "currency", currency)
            if customer_email is not None or customer_name is not None:
                customer = {}
                _put(customer, "email", customer_email)
                _put(customer, "name", customer_name)
                t["customer"] = customer
            _put(t, "provider", provider)
            _put(t, "orderId", order_id)
            _put(t, "paymentId", payment_id)
            _put(t, "paymentMethod", payment_method)
            if error_code is not None or error_message is not None:
                error = {}
                _put(error, "code", error_code)
                _put(error, "message", error_message)
                t["error"] = error
            _put(t, "attempt", attempt)
            _put(t, "latencyMs", latency_ms)
            _put(t, "metadata", _copy(metadata))
            _put(t, "step", step)
            self._offer("transaction", t)
        except Exception:  # noqa: BLE001
            self._drop_bad("transaction")

    def record_health(self, component, status, *, response_time_ms=None, message=None, details=None,
                      checked_at=None):
        """Records a health report of `component`: status UP, DEGRADED or DOWN."""
        try:
            h = {"component": component, "status": status, "checkedAt": _time(checked_at)}
            _put(h, "responseTimeMs", response_time_ms)
            _put(h, "message", message)
            _put(h, "details", _copy(details))
            self._offer("health", h)
        except Exception:  # noqa: BLE001
            self._drop_bad("health")

    def record_error(self, error=None, *, type=None, message=None, stack_trace=None, component=None,
                     transaction_id=None, context=None, occurred_at=None):
        """Records an error: an exception (by default the one being handled, inside `except`), or
        an explicit `type` and `message`; explicit fields win over the exception's. The server
        groups errors by type and stack trace."""
        try:
            if error is None:
                error = sys.exc_info()[1]
            e = {"occurredAt": _time(occurred_at)}
            if isinstance(error, BaseException):
                cls = error.__class__
                e["type"] = cls.__name__ if cls.__module__ == "builtins" else cls.__module__ + "." + cls.__qualname__
                e["message"] = str(error)
                e["stackTrace"] = "".join(traceback.format_exception(cls, error, error.__traceback__))
            if type is not None:
                e["type"] = type
            _put(e, "message", message)
            _put(e, "stackTrace", stack_trace)
            _put(e, "component", component)
            _put(e, "transactionId", transaction_id)
            _put(e, "context", _copy(context))
            if "type" not in e:
                self._drop_bad("error", "record_error needs an exception or type=")
                return
            self._offer("error", e)
        except Exception:  # noqa: BLE001
            self._drop_bad("error")

    def log(self, level, message, *, component=None, transaction_id=None, occurred_at=None):
        """Records a log entry (level INFO, WARN, ERROR, ...)."""
        try:
            entry = {"level": level, "message": message, "occurredAt": _time(occurred_at)}
            _put(entry, "component", component)
            _put(entry, "transactionId", transaction_id)
            self._offer("log", entry)
        except Exception:  # noqa: BLE001
            self._drop_bad("log")

    def record_webhook(self, provider, event_type, *, external_id=None, outcome="PROCESSED", error=None,
                       attempt=None, processing_time_ms=None, occurred_at=None):
        """Records a webhook the application received: outcome PROCESSED, FAILED or IGNORED."""
        try:
            w = {"provider": provider, "eventType": event_type, "occurredAt": _time(occurred_at)}
            _put(w, "externalId", external_id)
            _put(w, "outcome", outcome)
            _put(w, "error", error)
            _put(w, "attempt", attempt)
            _put(w, "processingTimeMs", processing_time_ms)
            self._offer("webhook", w)
        except Exception:  # noqa: BLE001
            self._drop_bad("webhook")

    def activity(self, user_key):
        """Records that the user `user_key` is active now (counted for active-user figures)."""
        try:
            self._offer("activity", {"userKey": user_key})
        except Exception:  # noqa: BLE001
            self._drop_bad("activity")

    def raise_alert(self, title, severity="HIGH", *, message=None, component=None, labels=None,
                    dedup_key=None, source=None):
        """Raises an alert (severity CRITICAL, HIGH, MEDIUM or LOW). An open alert with the same
        dedup key absorbs it instead of notifying again."""
        try:
            a = {"title": title, "severity": severity}
            _put(a, "message", message)
            _put(a, "component", component)
            _put(a, "labels", _copy(labels))
            _put(a, "dedupKey", dedup_key)
            _put(a, "source", source)
            self._offer("alert", a)
        except Exception:  # noqa: BLE001
            self._drop_bad("alert")

    def checkin(self, name, status="success", *, duration_ms=None, message=None, every_seconds=None,
                grace_seconds=None):
        """Checks in the scheduled job `name` ([A-Za-z0-9_.-], at most 64 characters): status
        "start", "success" or "fail". A check-in with every_seconds registers a heartbeat: no
        success within every + grace seconds alerts."""
        try:
            if not isinstance(name, str) or not _CHECKIN_NAME.match(name):
                self._drop_bad("checkin", "check-in name must match [A-Za-z0-9_.-]{1,64}, was %r" % (name,))
                return
            if status not in _CHECKIN_STATUSES:
                self._drop_bad("checkin", "check-in status must be start, success or fail, was %r" % (status,))
                return
            c = {"_name": quote(name, safe=""), "status": status}
            _put(c, "durationMs", None if duration_ms is None else int(duration_ms))
            _put(c, "message", message)
            _put(c, "everySeconds", every_seconds)
            _put(c, "graceSeconds", grace_seconds)
            self._offer("checkin", c)
        except Exception:  # noqa: BLE001
            self._drop_bad("checkin")

    @contextlib.contextmanager
    def monitor(self, name, *, every_seconds=None, grace_seconds=None):
        """Checks in a job run: "start" on entry, then "success" with the duration, or "fail" with
        the duration and the exception (which propagates unchanged). Also usable as a decorator.

            with client.monitor("celery-beat", every_seconds=60):
                run_the_job()
        """
        self.checkin(name, "start", every_seconds=every_seconds, grace_seconds=grace_seconds)
        started = time.monotonic()
        try:
            yield
        except BaseException as e:
            elapsed = int((time.monotonic() - started) * 1000)
            self.checkin(name, "fail", duration_ms=elapsed, message=_describe(e),
                         every_seconds=every_seconds, grace_seconds=grace_seconds)
            raise
        elapsed = int((time.monotonic() - started) * 1000)
        self.checkin(name, "success", duration_ms=elapsed, every_seconds=every_seconds,
                     grace_seconds=grace_seconds)

    # --- control ----------------------------------------------------------------------------------

    def flush(self, timeout=10.0):
        """Sends what is buffered now and waits up to `timeout` seconds; True if everything
        recorded before the call has been answered (accepted, rejected or dropped)."""
        deadline = time.monotonic() + max(0.0, float(timeout))
        with self._lock:
            if not self._buffer and not self._in_flight:
                return True
            self._ensure_worker()
            self._flushing += 1
            self._wake.set()
            try:
                while self._buffer or self._in_flight:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._lock.wait(remaining)
                return True
            finally:
                self._flushing -= 1

    def close(self, timeout=10.0):
        """Flushes for up to `timeout` seconds, then stops the sender; what is still unsent is
        counted as dropped. Later record calls are counted as dropped too. True if nothing was
        lost to the close."""
        with self._lock:
            if self._closed:
                return True
        flushed = self.flush(timeout)
        with self._lock:
            self._closed = True
            worker = self._worker
        self._abandon.set()
        self._wake.set()
        if worker is not None and worker is not threading.current_thread():
            worker.join(1.0)
        with self._lock:
            left = len(self._buffer)
            self._buffer.clear()
            if left:
                self._dropped += left
                self._last_error = "closed with %d records unsent" % left
        if left:
            log.warning("vedette: closed with %d records unsent", left)
        return flushed and not left

    def stats(self):
        """A snapshot of the counters (see Stats)."""
        with self._lock:
            return Stats(len(self._buffer) + self._in_flight, self._sent, self._rejected, self._dropped,
                         self._retries, self._last_error)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # --- internals --------------------------------------------------------------------------------

    def _offer(self, kind, payload):
        buffer = self._buffer
        if self._closed:
            self._count(dropped=1, error="recorded after close()")
            return
        if len(buffer) >= self._max_buffer:
            self._count(dropped=1, error="buffer full (%d records)" % self._max_buffer)
            return
        buffer.append((kind, payload))
        if self._worker is None:
            with self._lock:
                self._ensure_worker()
        if len(buffer) >= self._batch_size:
            self._wake.set()

    def _drop_bad(self, kind, reason=None):
        text = reason or "bad %s record: %s" % (kind, sys.exc_info()[0].__name__)
        with self._lock:
            self._dropped += 1
            self._last_error = text
        log.warning("vedette: %s not recorded: %s", kind, text)

    def _ensure_worker(self):
        # called with the lock held
        if self._worker is None and not self._closed:
            self._worker = Worker(self)
            self._worker.start()

    def _take(self):
        """The next batch for the worker; None when closed and empty."""
        buffer = self._buffer
        deadline = time.monotonic() + self._flush_interval
        while True:
            if self._closed and (not buffer or self._abandon.is_set()):
                return None
            if buffer and (len(buffer) >= self._batch_size or self._flushing or self._closed):
                break
            remaining = deadline - time.monotonic()
            if buffer and remaining <= 0:
                break
            self._wake.wait(remaining if buffer and remaining > 0 else self._flush_interval)
            self._wake.clear()
            if not buffer:
                deadline = time.monotonic() + self._flush_interval
        with self._lock:
            n = min(self._batch_size, len(buffer))
            items = [buffer.popleft() for _ in range(n)]
            self._in_flight += n
            return items

    def _done(self, n):
        with self._lock:
            self._in_flight -= n
            self._lock.notify_all()

    def _count(self, sent=0, rejected=0, dropped=0, retries=0, error=None):
        with self._lock:
            self._sent += sent
            self._rejected += rejected
            self._dropped += dropped
            self._retries += retries
            if error is not None:
                self._last_error = error


def _reset_after_fork(ref):
    """In a forked child (Celery prefork, gunicorn --preload) the sender thread does not exist: start
    afresh, with the parent's buffered records left to the parent, which still sends them."""
    client = ref()
    if client is None:
        return
    client._buffer = collections.deque()
    client._wake = threading.Event()
    client._lock = threading.Condition(threading.Lock())
    client._abandon = threading.Event()
    client._in_flight = 0
    client._flushing = 0
    client._worker = None


def _close_at_exit(ref):
    client = ref()
    if client is not None:
        client.close(2.0)


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("%s must be a positive integer, was %r" % (name, value))


def _put(target, field, value):
    if value is not None:
        target[field] = value


def _copy(mapping):
    return None if mapping is None else dict(mapping)


def _time(value):
    """A float (time.time()) stamped now or from a datetime; a string is sent as written."""
    if value is None:
        return time.time()
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return str(value)


def _amount(value):
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return str(value)


def _describe(error):
    text = "%s: %s" % (error.__class__.__name__, error)
    return text[:500]
