"""Inventory: reserves the ordered items."""

import time

from celery.utils.log import get_task_logger

from topology import ORDER_PLACED, journal, make_app, queue_for

app = make_app("inventory", [queue_for("inventory")])
log = get_task_logger(__name__)


@app.task(name=ORDER_PLACED)
def order_placed(order):
    time.sleep(0.02)
    items = ", ".join("%d x %s" % (line["quantity"], line["sku"]) for line in order["lines"])
    log.info("inventory: reserved %s for order %s", items, order["id"])
    journal("inventory", order["id"])
