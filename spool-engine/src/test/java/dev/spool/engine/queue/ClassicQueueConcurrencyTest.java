package dev.spool.engine.queue;

import dev.spool.engine.Messages;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ClassicQueueConcurrencyTest {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 20_000;
    private static final int CONSUMERS = 3;

    /**
     * A consumer like an AMQP channel with prefetch: deliveries go to its own thread (a hand-off queue, as to an event
     * loop), which acks, returns the credit and calls dispatch.
     */
    private static final class AckingConsumer implements Consumer {
        private final AtomicInteger credit = new AtomicInteger(10);
        private final BlockingQueue<long[]> inbox = new ArrayBlockingQueue<>(64);
        private final Map<String, Boolean> seen;
        private final AtomicInteger duplicates;
        private final CountDownLatch allDelivered;

        AckingConsumer(Map<String, Boolean> seen, AtomicInteger duplicates, CountDownLatch allDelivered) {
            this.seen = seen;
            this.duplicates = duplicates;
            this.allDelivered = allDelivered;
        }

        @Override
        public String tag() {
            return "c";
        }

        @Override
        public boolean noAck() {
            return false;
        }

        @Override
        public boolean exclusive() {
            return false;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean tryAcquireCredit() {
            while (true) {
                int c = credit.get();
                if (c == 0) {
                    return false;
                }
                if (credit.compareAndSet(c, c - 1)) {
                    return true;
                }
            }
        }

        @Override
        public void deliver(Queue queue, long entryId, Message message, boolean redelivered) {
            if (seen.put(Messages.body(message), Boolean.TRUE) != null) {
                duplicates.incrementAndGet();
            }
            allDelivered.countDown();
            // at most 10 outstanding (the credit), so the inbox never fills
            inbox.add(new long[] {entryId});
        }

        @Override
        public void cancelledByQueue(Queue queue) {
        }

        void ackLoop(Queue queue, CountDownLatch done) throws InterruptedException {
            while (done.getCount() > 0 || !inbox.isEmpty()) {
                long[] entry = inbox.poll(10, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    queue.ack(entry[0]);
                    credit.incrementAndGet();
                    queue.dispatch();
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void everyMessagePublishedConcurrentlyIsDeliveredExactlyOnce() throws Exception {
        VirtualHost vhost = new VirtualHost("/");
        vhost.declareQueue("work", false, new QueueSettings(true, false, false, Map.of()), "conn");
        Queue queue = vhost.queue("work", "conn");
        int total = PUBLISHERS * PER_PUBLISHER;
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch allDelivered = new CountDownLatch(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();

        for (int c = 0; c < CONSUMERS; c++) {
            AckingConsumer consumer = new AckingConsumer(seen, duplicates, allDelivered);
            queue.addConsumer(consumer);
            threads.add(start(() -> consumer.ackLoop(queue, allDelivered), failure));
        }
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            threads.add(start(() -> {
                PublishScratch scratch = new PublishScratch(null);
                for (int i = 0; i < PER_PUBLISHER; i++) {
                    int routed = vhost.publish("", Messages.message("work", publisher + "-" + i), scratch, 0);
                    assertThat(routed).isEqualTo(1);
                }
            }, failure));
        }

        assertThat(allDelivered.await(50, TimeUnit.SECONDS)).as("all delivered").isTrue();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(total);
        assertThat(queue.messageCount()).isZero();
        assertThat(queue.unackedCount()).isZero();
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(Body body, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        thread.start();
        return thread;
    }
}
