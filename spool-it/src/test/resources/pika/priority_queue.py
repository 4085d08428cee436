"""Publishes to a priority queue with pika and drains it: prints the bodies in delivery order, one per line.

Usage: priority_queue.py PORT QUEUE
"""
import sys

import pika

port, queue = int(sys.argv[1]), sys.argv[2]
connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port))
channel = connection.channel()
channel.queue_declare(queue, durable=True, arguments={"x-max-priority": 10})
channel.confirm_delivery()
for body, priority in [("low", 1), ("none", None), ("high", 9), ("clamped", 200), ("mid", 5), ("high-2", 9)]:
    channel.basic_publish("", queue, body.encode(), pika.BasicProperties(priority=priority, delivery_mode=2))
got = []
for method, properties, body in channel.consume(queue, inactivity_timeout=5):
    if method is None:
        break
    got.append(body.decode())
    channel.basic_ack(method.delivery_tag)
    if len(got) == 6:
        break
channel.cancel()
connection.close()
print("\n".join(got))
