package dev.spool.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RawFrame;
import dev.spool.it.support.RunningBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer that never reads its socket must not make the broker buffer without bound: once the socket's buffers
 * are full the broker stops writing (Netty's writability), deliveries wait, and the queue keeps the rest of its
 * messages as ready instead of handing them to the stuck consumer. When the consumer reads again, deliveries resume.
 */
class SlowConsumerTest {
    private static final int BODY = 8 * 1024;
    /** 200 MB through one queue. */
    private static final int MESSAGES = 200 * 1024 * 1024 / BODY;
    /**
     * The most deliveries that may be out of the queue for the stuck consumer: what waits in its outbox (2048) plus
     * what fits in Netty's write buffer and the kernel's socket buffers (a few MB); far below {@link #MESSAGES}.
     */
    private static final int OUT_OF_QUEUE_BOUND = 4096;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void consumerThatNeverReadsGetsABoundedShareAndTheRestStaysReady() throws Exception {
        Channel publisher = broker.newChannel();
        publisher.queueDeclare("slow", false, false, false, null);
        long heapBefore = usedHeapAfterGc();
        try (RawConnection stuck = RawConnection.open(RawConnection.connect(broker.port(), 4096), 0, 131_072, 0)) {
            stuck.openChannel(1);
            stuck.sendMethod(1, MethodPayload.of(60, 20).shortUint(0).shortStr("slow").shortStr("stuck")
                    .octet(0).emptyTable());
            stuck.expectMethod(60, 21); // basic.consume-ok; from now on the socket is never read

            publishAll(publisher, "slow");
            Queue queue = broker.existingQueue("slow");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> queue.messageCount() + queue.unackedCount() == MESSAGES);

            for (int check = 0; check < 5; check++) {
                assertThat(queue.unackedCount()).as("deliveries out of the queue for the stuck consumer")
                        .isLessThan(OUT_OF_QUEUE_BOUND);
                assertThat(queue.messageCount()).as("messages still ready")
                        .isGreaterThan(MESSAGES - OUT_OF_QUEUE_BOUND);
                Thread.sleep(100); // sampling the counts a few times: they must stay bounded, not settle
            }
            long grown = usedHeapAfterGc() - heapBefore;
            assertThat(grown).as("heap growth: the queued messages and little more")
                    .isLessThan((long) MESSAGES * BODY + 96L * 1024 * 1024);

            int delivered = readDeliveries(stuck, OUT_OF_QUEUE_BOUND + 1000);
            assertThat(delivered).as("deliveries resume once the consumer reads (ready %d, unacked %d)",
                    queue.messageCount(), queue.unackedCount()).isGreaterThan(OUT_OF_QUEUE_BOUND);
        }
        publisher.queueDelete("slow");
    }

    private static void publishAll(Channel channel, String queue) throws Exception {
        channel.confirmSelect();
        byte[] body = new byte[BODY];
        for (int i = 0; i < MESSAGES; i++) {
            channel.basicPublish("", queue, null, body);
        }
        channel.waitForConfirmsOrDie(60_000);
    }

    /** Reads until {@code wanted} basic.deliver frames came, or 20 seconds passed; returns how many came. */
    private static int readDeliveries(RawConnection connection, int wanted) throws Exception {
        connection.setReadTimeout(Duration.ofSeconds(3));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int delivered = 0;
        try {
            while (delivered < wanted && System.nanoTime() < deadline) {
                RawFrame frame = connection.readFrame();
                if (frame.isMethod(60, 60)) {
                    delivered++;
                }
            }
        } catch (java.net.SocketTimeoutException stalled) {
            // reported by the caller's assertion
        }
        return delivered;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
