"""Shipping: books a parcel for the order's region."""

import time

from celery.utils.log import get_task_logger

from topology import ORDER_PLACED, journal, make_app, queue_for

app = make_app("shipping", [queue_for("shipping")])
log = get_task_logger(__name__)


@app.task(name=ORDER_PLACED)
def order_placed(order):
    time.sleep(0.05)
    log.info("shipping: parcel booked to %s for order %s", order["region"].upper(), order["id"])
    journal("shipping", order["id"])
