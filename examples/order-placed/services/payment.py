"""Payment: charges the customer for a placed order."""

import time

from celery.utils.log import get_task_logger

from topology import ORDER_PLACED, journal, make_app, queue_for

app = make_app("payment", [queue_for("payment")])
log = get_task_logger(__name__)


@app.task(name=ORDER_PLACED)
def order_placed(order):
    time.sleep(0.05)  # the payment provider's round trip
    log.info("payment: charged %s %.2f for order %s", order["customer"], order["total"], order["id"])
    journal("payment", order["id"])
