"""The four services that react to an order being placed. Each module is one Celery application with one task,
named after the event, consuming its own queue: run one with

    python3 -m celery -A services.payment worker -Q orders.payment -P solo

(run.sh does this for you). They share nothing but the broker.
"""
