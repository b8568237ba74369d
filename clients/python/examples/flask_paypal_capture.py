"""A Flask route recording a PayPal capture, shaped like VectorCraft's checkout: capture the order,
create the user's account, e-mail the credentials, and tell Vedette about each step.

The Vedette part is the plain function record_paypal_capture, which the route calls and the tests
call without Flask. register_routes wires it into a Flask app; it imports Flask only when called.
"""

import time


def record_paypal_capture(client, order_id, capture, *, email, username, user_created, email_sent,
                          latency_ms=None):
    """Records one PayPal checkout on transaction "paypal-<order id>".

    capture is PayPal's answer to POST /v2/checkout/orders/{id}/capture: a captured order
    ({"status": "COMPLETED", "purchase_units": [...]}), or an error ({"name": "UNPROCESSABLE_ENTITY",
    "details": [{"issue": "INSTRUMENT_DECLINED", ...}]}). The account and the e-mail are the
    steps user_created and email_sent on the same transaction, so the dashboard's funnel shows
    where paid orders stop; a paid order without an account raises a CRITICAL alert.
    """
    tx = "paypal-" + order_id
    if capture.get("status") != "COMPLETED":
        detail = (capture.get("details") or [{}])[0]
        client.record_transaction(tx, "FAILED", provider="paypal", order_id=order_id, customer_email=email,
                                  customer_name=username, error_code=detail.get("issue", capture.get("name")),
                                  error_message=detail.get("description", capture.get("message")),
                                  latency_ms=latency_ms)
        return tx
    captured = capture["purchase_units"][0]["payments"]["captures"][0]
    client.record_transaction(tx, "COMPLETED", amount=captured["amount"]["value"],
                              currency=captured["amount"]["currency_code"], provider="paypal", order_id=order_id,
                              payment_id=captured["id"], payment_method="paypal", customer_email=email,
                              customer_name=username, latency_ms=latency_ms)
    if user_created:
        client.record_transaction(tx, "COMPLETED", step="user_created")
    else:
        client.raise_alert("Paid order without an account", "CRITICAL", component="accounts",
                           dedup_key="user-creation-failed",
                           message="PayPal order %s was captured but no account was created" % order_id)
    if email_sent:
        client.record_transaction(tx, "COMPLETED", step="email_sent")
    else:
        client.log("ERROR", "credentials e-mail not sent", component="email", transaction_id=tx)
    return tx


def register_routes(app, client, paypal, users, mailer):
    """Adds POST /api/paypal/capture-order to a Flask app; paypal, users and mailer are the app's."""
    from flask import jsonify, request  # only when wiring a real Flask app

    @app.route("/api/paypal/capture-order", methods=["POST"])
    def capture_order():
        body = request.get_json()
        started = time.monotonic()
        capture = paypal.capture(body["orderID"])
        latency_ms = int((time.monotonic() - started) * 1000)
        user = users.create(body["email"], body["username"]) if capture.get("status") == "COMPLETED" else None
        sent = mailer.send_credentials(user) if user else False
        record_paypal_capture(client, body["orderID"], capture, email=body["email"], username=body["username"],
                              user_created=user is not None, email_sent=sent, latency_ms=latency_ms)
        return jsonify({"status": capture.get("status")})

    return capture_order
