"""The client against a real Vedette server: records, flushes, and reads back through the
dashboard API. Runs when VEDETTE_URL and VEDETTE_KEY (an admin key) are set, as the server
module's ClientsAgainstServerIT sets them; skipped otherwise."""

import os
import unittest
import uuid

from vedette import Client

from .dashboard import Dashboard

URL = os.environ.get("VEDETTE_URL")
KEY = os.environ.get("VEDETTE_KEY")


@unittest.skipUnless(URL and KEY, "set VEDETTE_URL and VEDETTE_KEY (admin) to run against a server")
class AgainstServerTest(unittest.TestCase):
    def setUp(self):
        self.run_id = "py-" + uuid.uuid4().hex[:12]
        self.client = Client(URL, key=KEY, flush_at_exit=False)
        self.dashboard = Dashboard(URL, KEY)

    def tearDown(self):
        self.client.close(5)

    def test_a_transaction_recorded_in_steps_reads_back_with_its_timeline(self):
        order = self.run_id + "-order"
        self.client.record_transaction(order, "PENDING", amount="49.00", currency="EUR", provider="paypal",
                                       customer_email="ada@example.com", step="user_created")
        self.client.record_transaction(order, "PENDING", step="email_sent")
        self.client.record_transaction(order, "COMPLETED", provider="paypal", order_id="5O190127TN364715T",
                                       payment_id="3C679366HH908993F", metadata={"plan": "pro", "seats": 3})
        self.assertTrue(self.client.flush(15))
        self.assertEqual((3, 0, 0), self.client.stats()[1:4])

        status, tx = self.dashboard.until(
            "transaction " + order,
            lambda: self.dashboard.transaction(order),
            lambda r: r[0] == 200 and r[1]["eventCount"] == 3)
        self.assertEqual("COMPLETED", tx["status"])
        self.assertEqual({"amount": "49.00", "currency": "EUR"}, tx["money"])
        self.assertEqual("paypal", tx["provider"])
        self.assertEqual("3C679366HH908993F", tx["providerPaymentId"])
        self.assertEqual(["email_sent", "user_created"], sorted(tx["steps"]))
        self.assertEqual("pro", tx["metadata"]["plan"])
        self.assertEqual(3, len(tx["timeline"]))

    def test_a_batch_of_a_thousand_arrives_whole(self):
        for i in range(1000):
            self.client.record_transaction("%s-bulk-%d" % (self.run_id, i), "COMPLETED", amount="1.00", currency="USD")
        self.assertTrue(self.client.flush(30))
        self.assertEqual((1000, 0, 0), self.client.stats()[1:4])
        last = "%s-bulk-999" % self.run_id
        self.dashboard.until("transaction " + last, lambda: self.dashboard.transaction(last), lambda r: r[0] == 200)

    def test_a_batch_over_the_servers_body_limit_is_split_and_arrives_whole(self):
        # 1,000 records of about 1.9 kB each: a 1.9 MB batch, over the server's 1 MiB body limit (413)
        message = "card declined by the issuer; " * 64
        for i in range(1000):
            self.client.record_transaction("%s-big-%d" % (self.run_id, i), "FAILED", error_code="do_not_honor",
                                           error_message=message[:1900])
        self.assertTrue(self.client.flush(60))
        self.assertEqual((1000, 0, 0), self.client.stats()[1:4])
        last = "%s-big-999" % self.run_id
        self.dashboard.until("transaction " + last, lambda: self.dashboard.transaction(last), lambda r: r[0] == 200)

    def test_hostile_text_is_stored_as_text(self):
        tx = self.run_id + "-<script>"
        self.client.record_transaction(tx, "FAILED", error_code="x'; DROP TABLE vedette_transactions; --",
                                       error_message="<img src=x onerror=alert(1)>", metadata={"note": "ü\n🙂"})
        self.assertTrue(self.client.flush(15))
        self.assertEqual(1, self.client.stats().sent, self.client.stats())
        status, body = self.dashboard.until("transaction " + tx, lambda: self.dashboard.transaction(tx),
                                            lambda r: r[0] == 200)
        self.assertEqual("<img src=x onerror=alert(1)>", body["errorMessage"])
        self.assertEqual("x'; DROP TABLE vedette_transactions; --", body["errorCode"])

    def test_an_invalid_item_is_rejected_by_the_server_and_counted(self):
        self.client.record_transaction(self.run_id + "-ok", "COMPLETED", amount="5.00", currency="EUR")
        self.client.record_transaction(self.run_id + "-bad", "COMPLETED", amount="5.00", currency="usd1")
        self.assertTrue(self.client.flush(15))
        stats = self.client.stats()
        self.assertEqual((1, 1, 0), (stats.sent, stats.rejected, stats.dropped))
        self.assertIn("/1/currency", stats.last_error)
        self.assertEqual(404, self.dashboard.transaction(self.run_id + "-bad")[0])

    def test_an_error_from_an_exception_is_grouped_on_the_server(self):
        try:
            raise ValueError("capture failed for order 7")
        except ValueError:
            self.client.record_error(component="checkout", transaction_id=self.run_id)
        self.assertTrue(self.client.flush(15))
        self.assertEqual(1, self.client.stats().sent)
        self.dashboard.until(
            "error group of " + self.run_id,
            lambda: self.dashboard.get("errors", limit=200),
            lambda r: r[0] == 200 and any(g["type"] == "ValueError" and g["lastTransactionId"] == self.run_id
                                          for g in r[1]["items"]))

    def test_an_alert_and_a_monitored_job_show_on_the_dashboard(self):
        dedup = self.run_id + "-alert"
        job = self.run_id + "-job"
        self.client.raise_alert("PayPal capture failing", "HIGH", component="paypal", dedup_key=dedup,
                                message="5 of 6 captures failed")
        with self.client.monitor(job, every_seconds=3600):
            pass
        self.assertTrue(self.client.flush(15))
        self.assertEqual((3, 0, 0), self.client.stats()[1:4])
        self.dashboard.until(
            "alert " + dedup,
            lambda: self.dashboard.get("alerts", state="active", limit=200),
            lambda r: r[0] == 200 and any(a["dedupKey"] == dedup for a in r[1]["items"]))
        self.dashboard.until(
            "component " + job,
            lambda: self.dashboard.get("health"),
            lambda r: r[0] == 200 and any(c["name"] == job and c["status"] == "UP" for c in r[1]["components"]))

    def test_a_wrong_key_is_refused_and_counted_without_showing_the_key(self):
        wrong = "vk_AAAAAAAA_" + "B" * 32
        client = Client(URL, key=wrong, flush_at_exit=False)
        client.log("INFO", "never stored")
        self.assertTrue(client.flush(15))
        stats = client.stats()
        self.assertEqual((0, 1), (stats.sent, stats.dropped))
        self.assertIn("401", stats.last_error)
        self.assertNotIn(wrong, stats.last_error)
        client.close(1)


if __name__ == "__main__":
    unittest.main()
