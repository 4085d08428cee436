package dev.spool.amqp;

import dev.spool.engine.lease.LeaseRequest;
import dev.spool.engine.queue.Queue;

/**
 * Applies a consumer's {@link LeaseRequest} (a publish to {@value LeaseRequest#EXCHANGE} on the channel that received
 * the delivery) to the channel's {@link ConsumerLeases}: each outstanding delivery the request names (its tag, or with
 * {@code x-multiple} every outstanding one up to it) gets its lease moved to {@code x-extend-ms} from now, by default
 * its queue's consumer timeout as it is now. A delivery whose queue has no timeout (any more) keeps no lease.
 *
 * <p>Confined to the connection's event loop.
 */
final class LeaseExtensions implements Unacked.Inspector {
    private final ConsumerLeases leases;
    private final Unacked unacked;
    private long extendMillis;
    private int held;

    LeaseExtensions(ConsumerLeases leases, Unacked unacked) {
        this.leases = leases;
        this.unacked = unacked;
    }

    /**
     * Extends what {@code request} names.
     *
     * @return how many of the deliveries it names the client still holds (0: the delivery was settled or taken back,
     *         which a mandatory request learns by a basic.return)
     */
    int apply(LeaseRequest request) {
        extendMillis = request.extendMillis();
        held = 0;
        unacked.inspect(request.deliveryTag(), request.multiple(), this);
        return held;
    }

    @Override
    public void outstanding(long tag, Queue queue) {
        held++;
        if (!leases.isLeased(tag)) {
            return;
        }
        long millis = extendMillis;
        if (millis == LeaseRequest.QUEUE_TIMEOUT) {
            millis = queue.effectiveSettings().consumerTimeout();
            if (millis <= 0) {
                leases.settled(tag); // the timeout was turned off since the delivery: it no longer runs out
                return;
            }
        }
        leases.extend(tag, millis);
    }
}
