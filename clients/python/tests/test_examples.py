"""The examples' Vedette functions, called as the Flask route and the Celery task call them."""

import unittest

from examples.celery_checkin import settle_authorizations
from examples.flask_paypal_capture import record_paypal_capture

from .fake_server import FakeServer
from .test_client import client_for

CAPTURED = {
    "id": "5O190127TN364715T",
    "status": "COMPLETED",
    "purchase_units": [{"payments": {"captures": [
        {"id": "3C679366HH908993F", "status": "COMPLETED", "amount": {"currency_code": "USD", "value": "49.00"}}]}}],
}
DECLINED = {
    "name": "UNPROCESSABLE_ENTITY",
    "message": "The requested action could not be performed.",
    "details": [{"issue": "INSTRUMENT_DECLINED", "description": "The instrument presented was declined."}],
}


class FlaskPaypalCaptureTest(unittest.TestCase):
    def test_a_captured_order_is_recorded_with_its_user_created_and_email_sent_steps(self):
        with FakeServer() as server:
            client = client_for(server)
            tx = record_paypal_capture(client, "5O190127TN364715T", CAPTURED, email="ada@example.com", username="ada",
                                       user_created=True, email_sent=True, latency_ms=840)
            self.assertTrue(client.flush(5))
            records = server.items("/transactions")
            self.assertEqual(["paypal-5O190127TN364715T"] * 3, [r["id"] for r in records])
            self.assertEqual(tx, records[0]["id"])
            self.assertEqual(("COMPLETED", "49.00", "USD", "3C679366HH908993F"),
                             (records[0]["status"], records[0]["amount"], records[0]["currency"], records[0]["paymentId"]))
            self.assertEqual([None, "user_created", "email_sent"], [r.get("step") for r in records])
            self.assertEqual([], server.items("/alerts"))
            client.close()

    def test_a_paid_order_without_an_account_pages_and_a_lost_email_is_logged(self):
        with FakeServer() as server:
            client = client_for(server)
            record_paypal_capture(client, "8AB", CAPTURED, email="bo@example.com", username="bo",
                                  user_created=False, email_sent=False)
            self.assertTrue(client.flush(5))
            self.assertEqual([None], [r.get("step") for r in server.items("/transactions")])
            alert = server.items("/alerts")[0]
            self.assertEqual(("CRITICAL", "accounts"), (alert["severity"], alert["component"]))
            self.assertIn("8AB", alert["message"])
            self.assertEqual("paypal-8AB", server.items("/logs")[0]["transactionId"])
            client.close()

    def test_a_declined_capture_is_a_failed_transaction_with_paypals_issue(self):
        with FakeServer() as server:
            client = client_for(server)
            record_paypal_capture(client, "9CD", DECLINED, email="cy@example.com", username="cy",
                                  user_created=False, email_sent=False)
            self.assertTrue(client.flush(5))
            (tx,) = server.items("/transactions")
            self.assertEqual(("FAILED", "INSTRUMENT_DECLINED"), (tx["status"], tx["error"]["code"]))
            self.assertEqual([], server.items("/alerts"))
            client.close()


class CeleryCheckinTest(unittest.TestCase):
    class Gateway:
        def __init__(self, fail=False):
            self.fail = fail

        def settle_pending(self):
            if self.fail:
                raise TimeoutError("ECPay did not answer in 30 s")
            return ["auth-1", "auth-2"]

    def test_a_run_checks_in_start_and_success_with_the_hourly_schedule(self):
        with FakeServer() as server:
            client = client_for(server)
            self.assertEqual(2, settle_authorizations(client, self.Gateway()))
            self.assertTrue(client.flush(5))
            checkins = server.items("/checkins/ecpay-settlement")
            self.assertEqual(["start", "success"], [c["status"] for c in checkins])
            self.assertTrue(all(c["everySeconds"] == 3600 and c["graceSeconds"] == 600 for c in checkins))
            client.close()

    def test_a_failing_run_checks_in_fail_and_celery_still_sees_the_error(self):
        with FakeServer() as server:
            client = client_for(server)
            with self.assertRaises(TimeoutError):
                settle_authorizations(client, self.Gateway(fail=True))
            self.assertTrue(client.flush(5))
            checkins = server.items("/checkins/ecpay-settlement")
            self.assertEqual(["start", "fail"], [c["status"] for c in checkins])
            self.assertEqual("TimeoutError: ECPay did not answer in 30 s", checkins[1]["message"])
            client.close()


if __name__ == "__main__":
    unittest.main()
