package dev.spool.amqp;

import dev.spool.engine.lease.LeaseRequest;
import dev.spool.engine.queue.Queue;

/**
 * Applies a consumer's {@link LeaseRequest} (a publish to {@value LeaseRequest#EXCHANGE} on the channel that received
 * the delivery): each outstanding delivery the request names (its tag, or with {@code x-multiple} every outstanding one
 * up to it) that holds a lease gets its deadline moved to {@code x-extend-ms} from now, by default its queue's consumer
 * timeout as it is now. A delivery whose queue had no timeout holds no lease and gets none; one whose queue's timeout
 * was turned off since loses its lease when asked for the default.
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
    public long outstanding(long tag, Queue queue, long deadline) {
        held++;
        if (deadline == Unacked.NO_DEADLINE) {
            return deadline;
        }
        long millis = extendMillis;
        if (millis == LeaseRequest.QUEUE_TIMEOUT) {
            millis = queue.effectiveSettings().consumerTimeout();
            if (millis <= 0) {
                return Unacked.NO_DEADLINE;
            }
        }
        return leases.extendedDeadline(millis);
    }
}
