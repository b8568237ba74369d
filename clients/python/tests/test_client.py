"""The client's buffering, batching, retries and never-raising behaviour, against FakeServer."""

import logging
import re
import unittest
from datetime import datetime, timezone
from decimal import Decimal

from vedette import Client
from vedette._sender import backoff_delay, retry_after_seconds

from .fake_server import FakeServer, problem

KEY = "vk_testkey1_0123456789abcdefghijklmnopqrstuv"


def client_for(server, **options):
    options.setdefault("flush_interval", 0.05)
    options.setdefault("backoff_base", 0.01)
    options.setdefault("backoff_max", 0.05)
    options.setdefault("flush_at_exit", False)
    return Client(server.url, key=KEY, **options)


class BatchingTest(unittest.TestCase):
    def test_records_go_in_batches_of_at_most_batch_size_and_all_arrive(self):
        with FakeServer() as server:
            client = client_for(server, batch_size=500, flush_interval=5)
            for i in range(1200):
                client.record_transaction("tx-%d" % i, "COMPLETED", amount="1.00", currency="EUR")
            self.assertTrue(client.flush(10))

            sizes = [len(r.json) for r in server.requests]
            self.assertTrue(all(s <= 500 for s in sizes), sizes)
            self.assertEqual(["tx-%d" % i for i in range(1200)], [t["id"] for t in server.items("/transactions")])
            self.assertEqual((0, 1200, 0, 0), client.stats()[:4])
            client.close()

    def test_each_kind_goes_to_its_own_endpoint_with_the_bearer_key(self):
        with FakeServer() as server:
            client = client_for(server)
            client.record_transaction("tx-1", "FAILED", amount=Decimal("19.99"), currency="USD",
                                      customer_email="ada@example.com", customer_name="ada", provider="paypal",
                                      order_id="O-1", payment_id="C-1", error_code="INSTRUMENT_DECLINED",
                                      error_message="Card declined", attempt=2, metadata={"plan": "pro"},
                                      step="capture")
            client.record_health("smtp", "DOWN", response_time_ms=1200, message="Connection refused")
            client.log("WARN", "slow PayPal answer", component="paypal", transaction_id="tx-1")
            client.record_webhook("stripe", "payment_intent.succeeded", external_id="evt_1", processing_time_ms=12)
            client.activity("user-7")
            client.raise_alert("PayPal API failing", "CRITICAL", component="paypal", dedup_key="paypal-down")
            client.checkin("celery-beat", every_seconds=60)
            self.assertTrue(client.flush(5))

            paths = sorted(r.path for r in server.requests)
            self.assertEqual(["/vedette/ingest/v1/activity", "/vedette/ingest/v1/alerts",
                              "/vedette/ingest/v1/checkins/celery-beat", "/vedette/ingest/v1/health",
                              "/vedette/ingest/v1/logs", "/vedette/ingest/v1/transactions",
                              "/vedette/ingest/v1/webhooks"], paths)
            for r in server.requests:
                self.assertEqual("Bearer " + KEY, r.headers["Authorization"])
                self.assertEqual("application/json", r.headers["Content-Type"])
            tx = server.items("/transactions")[0]
            self.assertEqual({"email": "ada@example.com", "name": "ada"}, tx["customer"])
            self.assertEqual({"code": "INSTRUMENT_DECLINED", "message": "Card declined"}, tx["error"])
            self.assertEqual("19.99", tx["amount"])
            self.assertEqual("O-1", tx["orderId"])
            self.assertEqual({"title": "PayPal API failing", "severity": "CRITICAL", "component": "paypal",
                              "dedupKey": "paypal-down"}, server.items("/alerts")[0])
            self.assertEqual({"status": "success", "everySeconds": 60}, server.items("/checkins/celery-beat")[0])
            self.assertEqual(7, client.stats().sent)
            client.close()

    def test_times_are_stamped_when_recorded_as_utc_instants(self):
        with FakeServer() as server:
            client = client_for(server)
            before = datetime.now(timezone.utc)
            client.record_transaction("tx-1", "PENDING")
            client.record_transaction("tx-2", "PENDING", occurred_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
            client.flush(5)
            first, second = server.items("/transactions")
            self.assertRegex(first["occurredAt"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            stamped = datetime.fromisoformat(first["occurredAt"].replace("Z", "+00:00"))
            self.assertLessEqual(abs((stamped - before).total_seconds()), 5)
            self.assertEqual("2026-01-02T03:04:05.000Z", second["occurredAt"])
            client.close()


class RetryTest(unittest.TestCase):
    def test_429_is_retried_after_its_retry_after(self):
        with FakeServer() as server:
            server.script = [(429, {"Retry-After": "0"}, problem(429, "Too Many Requests"))]
            client = client_for(server)
            client.record_transaction("tx-1", "COMPLETED")
            self.assertTrue(client.flush(5))
            self.assertEqual(2, len(server.requests))
            self.assertEqual(server.requests[0].body, server.requests[1].body)
            stats = client.stats()
            self.assertEqual((1, 0, 0, 1), (stats.sent, stats.rejected, stats.dropped, stats.retries))
            client.close()

    def test_5xx_is_retried_with_backoff_until_it_succeeds(self):
        with FakeServer() as server:
            server.script = [(500, {}, problem(500, "Internal Server Error")), (503, {}, None)]
            client = client_for(server)
            client.log("INFO", "hello")
            self.assertTrue(client.flush(5))
            self.assertEqual(3, len(server.requests))
            self.assertEqual((1, 2), (client.stats().sent, client.stats().retries))
            client.close()

    def test_a_server_that_keeps_failing_is_given_up_on_and_counted(self):
        with FakeServer() as server:
            server.rule = lambda r: (503, {}, problem(503, "Service Unavailable"))
            client = client_for(server, max_attempts=3)
            client.record_transaction("tx-1", "COMPLETED")
            client.record_transaction("tx-2", "COMPLETED")
            self.assertTrue(client.flush(5))
            self.assertEqual(3, len(server.requests))
            stats = client.stats()
            self.assertEqual((0, 2, 2), (stats.sent, stats.dropped, stats.retries))
            self.assertIn("503", stats.last_error)
            client.close()

    def test_an_unreachable_server_never_raises_and_is_counted(self):
        with FakeServer() as server:
            url = server.url
        client = Client(url, key=KEY, max_attempts=2, backoff_base=0.01, flush_at_exit=False)
        client.record_transaction("tx-1", "COMPLETED")
        self.assertTrue(client.flush(5))
        stats = client.stats()
        self.assertEqual((0, 1, 1), (stats.sent, stats.dropped, stats.retries))
        self.assertIn("cannot reach the server", stats.last_error)
        client.close()

    def test_401_is_not_retried_and_the_key_is_never_in_logs_or_stats(self):
        with FakeServer() as server:
            server.rule = lambda r: (401, {"WWW-Authenticate": "Bearer"}, problem(401, "Unauthorized"))
            client = client_for(server)
            with self.assertLogs("vedette", level="WARNING") as logs:
                client.record_transaction("tx-1", "COMPLETED")
                client.flush(5)
            self.assertEqual(1, len(server.requests))
            self.assertEqual(1, client.stats().dropped)
            text = "\n".join(logs.output) + repr(client) + str(client.stats())
            self.assertIn("401", text)
            self.assertNotIn(KEY, text)
            self.assertNotIn("0123456789abcdef", text)
            client.close()

    def test_a_batch_too_large_for_the_server_is_split(self):
        with FakeServer() as server:
            server.rule = lambda r: (413, {}, problem(413, "Payload Too Large")) if len(r.json) > 3 else None
            client = client_for(server, flush_interval=5)
            for i in range(10):
                client.record_transaction("tx-%d" % i, "COMPLETED")
            self.assertTrue(client.flush(5))
            self.assertEqual(10, client.stats().sent)
            accepted = [t["id"] for r in server.requests if len(r.json) <= 3 for t in r.json]
            self.assertEqual(["tx-%d" % i for i in range(10)], accepted)
            self.assertTrue(any(len(r.json) > 3 for r in server.requests), "the first batch was too large")
            client.close()

    def test_items_the_server_rejects_are_counted_as_rejected_not_sent(self):
        def rule(request):
            items = request.json
            results = []
            for i, it in enumerate(items):
                if it.get("currency") == "usd1":
                    results.append({"index": i, "status": "rejected",
                                    "errors": [{"pointer": "/%d/currency" % i, "detail": "must be an ISO 4217 code"}]})
                else:
                    results.append({"index": i, "status": "accepted", "id": it["id"]})
            accepted = sum(1 for r in results if r["status"] == "accepted")
            return 202, {}, {"accepted": accepted, "rejected": len(items) - accepted, "results": results}

        with FakeServer() as server:
            server.rule = rule
            client = client_for(server)
            client.record_transaction("good", "COMPLETED", currency="EUR")
            client.record_transaction("bad", "COMPLETED", currency="usd1")
            self.assertTrue(client.flush(5))
            stats = client.stats()
            self.assertEqual((1, 1, 0), (stats.sent, stats.rejected, stats.dropped))
            self.assertIn("/1/currency", stats.last_error)
            client.close()


class BackoffTest(unittest.TestCase):
    def test_delays_grow_exponentially_up_to_the_cap_with_jitter_between_half_and_all(self):
        for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (10, 30.0), (60, 30.0)):
            self.assertEqual(ceiling / 2, backoff_delay(attempt, 0.5, 30.0, rng=lambda: 0.0))
            self.assertEqual(ceiling, backoff_delay(attempt, 0.5, 30.0, rng=lambda: 1.0))

    def test_retry_after_reads_seconds_and_http_dates_and_ignores_garbage(self):
        self.assertEqual(7.0, retry_after_seconds("7"))
        self.assertEqual(0.0, retry_after_seconds("-3"))
        self.assertEqual(300.0, retry_after_seconds("86400"))
        self.assertIsNone(retry_after_seconds(None))
        self.assertIsNone(retry_after_seconds("soon"))
        now = datetime(2026, 12, 3, 10, 0, 0, tzinfo=timezone.utc).timestamp()
        self.assertEqual(30.0, retry_after_seconds("Thu, 03 Dec 2026 10:00:30 GMT", now=now))


class NeverRaisesTest(unittest.TestCase):
    def test_a_full_buffer_drops_the_newest_and_counts_them(self):
        with FakeServer() as server:
            client = client_for(server, max_buffer=10, batch_size=100, flush_interval=30)
            for i in range(15):
                client.activity("user-%d" % i)
            stats = client.stats()
            self.assertEqual((10, 5), (stats.queued, stats.dropped))
            self.assertIn("buffer full", stats.last_error)
            self.assertTrue(client.flush(5))
            self.assertEqual(["user-%d" % i for i in range(10)], [a["userKey"] for a in server.items("/activity")])
            client.close()

    def test_hostile_values_are_counted_not_raised(self):
        class Unprintable:
            def __str__(self):
                raise RuntimeError("no")

        with FakeServer() as server:
            client = client_for(server)
            client.record_transaction("tx-1", "COMPLETED", amount=Unprintable())
            client.record_transaction("tx-2", "COMPLETED", metadata=42)
            client.record_error()  # outside an except block: nothing to record
            client.checkin("../etc/passwd")
            client.checkin("a" * 65)
            client.checkin("ok", status="done")
            client.record_transaction("<script>alert(1)</script>", "COMPLETED", metadata={"x": object()})
            self.assertTrue(client.flush(5))
            stats = client.stats()
            self.assertEqual(6, stats.dropped)
            self.assertEqual(1, stats.sent)
            self.assertEqual(["<script>alert(1)</script>"], [t["id"] for t in server.items("/transactions")])
            self.assertFalse(any("checkins" in r.path for r in server.requests))
            client.close()

    def test_records_after_close_are_counted_no_ops(self):
        with FakeServer() as server:
            client = client_for(server)
            client.log("INFO", "before")
            self.assertTrue(client.close(5))
            client.log("INFO", "after")
            self.assertEqual(1, len(server.requests))
            self.assertEqual((1, 1), (client.stats().sent, client.stats().dropped))
            self.assertEqual("recorded after close()", client.stats().last_error)

    def test_flush_gives_up_at_its_timeout_and_close_counts_what_was_left(self):
        with FakeServer() as server:
            server.gate.clear()
            client = client_for(server, batch_size=1)
            client.log("INFO", "one")
            client.log("INFO", "two")
            self.assertFalse(client.flush(0.3))
            server.gate.set()
            self.assertTrue(client.flush(5))
            self.assertEqual(2, client.stats().sent)
            client.close()

    def test_bad_constructor_arguments_name_the_argument_and_value(self):
        with self.assertRaisesRegex(ValueError, "url must be an absolute http or https URL, was 'ftp://x'"):
            Client("ftp://x", key=KEY)
        with self.assertRaisesRegex(ValueError, r"batch_size must be at most 1000, was 5000"):
            Client("http://localhost", key=KEY, batch_size=5000)
        with self.assertRaises(ValueError) as raised:
            Client("http://localhost", key="vk_secret value")
        self.assertNotIn("secret", str(raised.exception))


class ErrorsAndCheckinsTest(unittest.TestCase):
    def test_record_error_inside_except_sends_the_exception_with_its_stack(self):
        def charge():
            raise ValueError("amount must be positive")

        with FakeServer() as server:
            client = client_for(server)
            try:
                charge()
            except ValueError:
                client.record_error(component="checkout", transaction_id="tx-9")
            client.record_error(KeyError("plan"), context={"plan": "gold"})
            client.flush(5)
            first, second = server.items("/errors")
            self.assertEqual("ValueError", first["type"])
            self.assertEqual("amount must be positive", first["message"])
            self.assertIn("in charge", first["stackTrace"])
            self.assertEqual(("checkout", "tx-9"), (first["component"], first["transactionId"]))
            self.assertEqual(("KeyError", {"plan": "gold"}), (second["type"], second["context"]))
            client.close()

    def test_monitor_checks_in_start_then_success_with_the_duration(self):
        with FakeServer() as server:
            client = client_for(server)
            with client.monitor("nightly-report", every_seconds=86400):
                pass
            client.flush(5)
            start, success = server.items("/checkins/nightly-report")
            self.assertEqual({"status": "start", "everySeconds": 86400}, start)
            self.assertEqual("success", success["status"])
            self.assertGreaterEqual(success["durationMs"], 0)
            client.close()

    def test_monitor_checks_in_fail_and_lets_the_exception_through(self):
        with FakeServer() as server:
            client = client_for(server)

            @client.monitor("payouts")
            def payouts():
                raise ConnectionError("bank API down")

            with self.assertRaises(ConnectionError):
                payouts()
            with self.assertRaises(ConnectionError):
                payouts()
            client.flush(5)
            statuses = [c["status"] for c in server.items("/checkins/payouts")]
            self.assertEqual(["start", "fail", "start", "fail"], statuses)
            self.assertEqual("ConnectionError: bank API down", server.items("/checkins/payouts")[1]["message"])
            client.close()


if __name__ == "__main__":
    logging.basicConfig()
    unittest.main()


class ExitTest(unittest.TestCase):
    def test_what_is_buffered_is_sent_when_the_interpreter_exits(self):
        import os
        import subprocess
        import sys

        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        script = ("from vedette import Client\n"
                  "c = Client(%r, key=%r, flush_interval=60)\n"
                  "c.record_transaction('at-exit', 'COMPLETED')\n")
        with FakeServer() as server:
            done = subprocess.run([sys.executable, "-c", script % (server.url, KEY)], cwd=root,
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(0, done.returncode, done.stderr)
            self.assertEqual(["at-exit"], [t["id"] for t in server.items("/transactions")])


@unittest.skipUnless(hasattr(__import__("os"), "fork"), "needs os.fork")
class ForkTest(unittest.TestCase):
    def test_a_forked_worker_sends_its_own_records_and_not_the_parents_again(self):
        import os

        with FakeServer() as server:
            client = client_for(server, flush_interval=60)
            client.record_transaction("before-fork", "PENDING")
            pid = os.fork()
            if pid == 0:  # the child, as a Celery prefork worker
                code = 1
                try:
                    client.record_transaction("in-child", "COMPLETED")
                    code = 0 if client.flush(10) and client.stats().sent == 1 else 2
                finally:
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            self.assertEqual(0, os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
            self.assertTrue(client.flush(10))
            self.assertEqual(["before-fork", "in-child"], sorted(t["id"] for t in server.items("/transactions")))
            client.close()
