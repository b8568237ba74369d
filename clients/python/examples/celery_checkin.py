"""A Celery beat task with a Vedette check-in, shaped like the ECPay platform's hourly settlement:
a missed or failed run alerts like a component going down.

The Vedette part is the plain function settle_authorizations, which the task calls and the tests
call without Celery; register_task wires it into a Celery app.
"""


def settle_authorizations(client, gateway):
    """Settles pending card authorizations; checked in as "ecpay-settlement", due every hour.

    The check-in says start, then success with the run's duration, or fail with the error, which
    still reaches Celery (so its own retry and logging work as before). If no successful run
    arrives within an hour and ten minutes, the job's heartbeat goes DOWN and alerts.
    """
    with client.monitor("ecpay-settlement", every_seconds=3600, grace_seconds=600):
        settled = gateway.settle_pending()
        client.log("INFO", "settled %d authorizations" % len(settled), component="ecpay")
        return len(settled)


def register_task(celery_app, client, gateway):
    """Adds the task and its hourly beat schedule to a Celery app."""

    @celery_app.task(name="payments.settle_authorizations")
    def settle():
        return settle_authorizations(client, gateway)

    celery_app.conf.beat_schedule = dict(celery_app.conf.beat_schedule or {}, settle={
        "task": "payments.settle_authorizations", "schedule": 3600.0})
    return settle
