"""Email: sends the order confirmation."""

import time

from celery.utils.log import get_task_logger

from topology import ORDER_PLACED, journal, make_app, queue_for

app = make_app("email", [queue_for("email")])
log = get_task_logger(__name__)


@app.task(name=ORDER_PLACED)
def order_placed(order):
    time.sleep(0.01)
    log.info("email: confirmation of order %s sent to %s", order["id"], order["customer"])
    journal("email", order["id"])
