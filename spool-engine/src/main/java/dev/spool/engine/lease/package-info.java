/**
 * Consumer (visibility) timeouts, a Spool extension that replaces RabbitMQ's channel-killing
 * {@code consumer_timeout}: each unacknowledged delivery holds a lease ({@link dev.spool.engine.lease.DeliveryLeases});
 * when it runs out only that delivery goes back to its queue, the consumer is cancelled only after repeated timeouts
 * in a row, and a consumer extends a lease by publishing a {@link dev.spool.engine.lease.LeaseRequest} to the reserved
 * exchange {@value dev.spool.engine.lease.LeaseRequest#EXCHANGE}, which any client library can do. Owned by one
 * channel, on its event loop; nothing here is thread-safe.
 */
package dev.spool.engine.lease;
