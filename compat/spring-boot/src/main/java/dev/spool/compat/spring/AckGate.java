package dev.spool.compat.spring;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Lets the work listener hold its first deliveries unacked, to see where the broker stops under prefetch, then ack
 * them with one {@code multiple} ack. {@link #offer} runs on the listener container's thread, the rest on the step's
 * thread; state is guarded by this object's monitor, and the final ack is thread-safe in the client.
 */
@Component
class AckGate {

    private boolean holding;
    private int held;
    private long lastHeldTag;
    private Channel channel;

    synchronized void hold() {
        holding = true;
        held = 0;
    }

    /** Returns true when the delivery was held; false when the listener should ack it itself. */
    synchronized boolean offer(Channel deliveryChannel, long deliveryTag) {
        if (!holding) {
            return false;
        }
        held++;
        lastHeldTag = deliveryTag;
        channel = deliveryChannel;
        notifyAll();
        return true;
    }

    synchronized boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (held < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int held() {
        return held;
    }

    void release() throws IOException {
        Channel ackOn;
        long tag;
        synchronized (this) {
            holding = false;
            ackOn = channel;
            tag = lastHeldTag;
        }
        ackOn.basicAck(tag, true);
    }
}
