"""Direct reply-to from pika: consume amq.rabbitmq.reply-to (no-ack), send requests naming it as reply_to,
and expect one reply per request. Usage: direct_reply_to_pika.py PORT REQUEST_QUEUE. Prints OK on success."""
import sys
import time

import pika

port, queue = int(sys.argv[1]), sys.argv[2]
connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port))
channel = connection.channel()
replies = {}


def on_reply(_channel, method, properties, body):
    replies[properties.correlation_id] = (body, method.routing_key)


channel.basic_consume("amq.rabbitmq.reply-to", on_reply, auto_ack=True)
for i in range(3):
    channel.basic_publish("", queue, b"ping-%d" % i,
                          pika.BasicProperties(reply_to="amq.rabbitmq.reply-to", correlation_id=str(i)))
deadline = time.monotonic() + 10
while len(replies) < 3 and time.monotonic() < deadline:
    connection.process_data_events(time_limit=0.2)
expected = {str(i): b"PING-%d" % i for i in range(3)}
got = {key: body for key, (body, _) in replies.items()}
if got != expected:
    print("FAIL: expected %r, got %r" % (expected, got))
    sys.exit(1)
if not all(key.startswith("amq.rabbitmq.reply-to.") for _, key in replies.values()):
    print("FAIL: reply routing keys %r" % [key for _, key in replies.values()])
    sys.exit(1)
connection.close()
print("OK")
