/**
 * Consumer (visibility) timeouts, a Spool extension that replaces RabbitMQ's channel-killing
 * {@code consumer_timeout}: each unacknowledged delivery holds a lease (kept by the AMQP front end beside the delivery);
 * when it runs out only that delivery goes back to its queue, the consumer is cancelled only after repeated timeouts
 * in a row, and a consumer extends a lease by publishing a {@link dev.spool.engine.lease.LeaseRequest} to the reserved
 * exchange {@value dev.spool.engine.lease.LeaseRequest#EXCHANGE}, which any client library can do.
 * {@link RevokedTags} remembers the tags taken back, so a late settle is ignored; it is owned by one channel, on its
 * event loop.
 */
package dev.spool.engine.lease;
