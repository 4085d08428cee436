package dev.spool.engine.redrive;

import dev.spool.engine.ManualTime;
import dev.spool.engine.Messages;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The redrive job on a manual clock: the rate to the millisecond, order, max, what is held back, cancel. */
class RedriveTest {
    private final ManualTime time = new ManualTime(1_000_000);
    private final VirtualHost vhost = new VirtualHost("/", time);
    private final PublishScratch scratch = new PublishScratch(null);

    /** Rebuilds a message as the front end would, keeping body and headers, applying the header changes. */
    private static final MessageFormat FORMAT = new MessageFormat() {
        @Override
        public Message create(String exchange, String routingKey, Map<String, Object> properties, byte[] body,
                              long nowMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> properties(Message message) {
            return Map.of("headers", message.headers());
        }

        @Override
        public Message rewrite(Message message, String exchange, String routingKey,
                               Map<String, Object> headerChanges, boolean dropExpiration, long nowMillis) {
            Map<String, Object> headers = new HashMap<>(message.headers());
            headerChanges.forEach((name, value) -> {
                if (value == null) {
                    headers.remove(name);
                } else {
                    headers.put(name, value);
                }
            });
            return new Message(exchange, routingKey, message.properties(), message.body(), headers, List.of(),
                    message.persistent(), message.priority(), nowMillis);
        }
    };

    private Queue queue(String name) {
        vhost.declareQueue(name, false, new QueueSettings(false, false, false, Map.of()), "owner");
        return vhost.findQueue(name);
    }

    private void put(String queue, String body, String diedIn) {
        Map<String, Object> headers = diedIn == null ? Map.of() : Map.of("x-first-death-queue", diedIn);
        vhost.publish("", Messages.message("", queue, headers, List.of(), body), scratch, 0);
    }

    private static Redrive.Targets fromHeader() {
        return message -> {
            Object queue = message.headers().get("x-first-death-queue");
            return queue == null ? null : queue.toString();
        };
    }

    private static List<String> drain(Queue queue) {
        List<String> bodies = new ArrayList<>();
        GetResult got;
        while ((got = queue.get(true)) != null) {
            bodies.add(Messages.body(got.message()));
        }
        return bodies;
    }

    @Test
    void movesTheFirstMessageAtOnceThenOneEveryTenthOfASecondAtRateTen() {
        Queue dlq = queue("dlq");
        Queue source = queue("source");
        for (int i = 0; i < 5; i++) {
            put("dlq", "m" + i, "source");
        }

        Redrive job = Redrive.start(vhost, dlq, fromHeader(), FORMAT, 10, 100);
        time.runDue();
        assertThat(source.messageCount()).isEqualTo(1);
        time.advance(99);
        assertThat(source.messageCount()).isEqualTo(1);
        time.advance(1);
        assertThat(source.messageCount()).isEqualTo(2);
        time.advance(300);

        assertThat(source.messageCount()).isEqualTo(5);
        assertThat(dlq.messageCount()).isZero();
        assertThat(job.status().state()).isEqualTo(Redrive.State.DONE);
        assertThat(job.status().moved()).isEqualTo(5);
        assertThat(drain(source)).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void messagesWithoutATargetStayInPlaceAndOthersMove() {
        Queue dlq = queue("dlq");
        Queue source = queue("source");
        put("dlq", "a", "source");
        put("dlq", "orphan", null);
        put("dlq", "gone", "deleted-queue");
        put("dlq", "b", "source");

        Redrive job = Redrive.start(vhost, dlq, fromHeader(), FORMAT, 1000, 100);
        time.advance(1000);

        assertThat(job.status().state()).isEqualTo(Redrive.State.DONE);
        assertThat(job.status().moved()).isEqualTo(2);
        assertThat(job.status().skipped()).isEqualTo(2);
        assertThat(drain(source)).containsExactly("a", "b");
        assertThat(drain(dlq)).containsExactly("orphan", "gone");
    }

    @Test
    void stopsAfterMaxAndCancelReturnsHeldMessages() {
        Queue dlq = queue("dlq");
        Queue source = queue("source");
        for (int i = 0; i < 10; i++) {
            put("dlq", "m" + i, i == 0 ? null : "source");
        }

        Redrive limited = Redrive.start(vhost, dlq, fromHeader(), FORMAT, 1000, 3);
        time.advance(1000);
        assertThat(limited.status().moved()).isEqualTo(3);
        assertThat(source.messageCount()).isEqualTo(3);
        assertThat(dlq.messageCount()).isEqualTo(7);

        Redrive slow = Redrive.start(vhost, dlq, fromHeader(), FORMAT, 1, 100);
        time.runDue();
        assertThat(slow.status().moved()).isEqualTo(1);
        assertThat(dlq.unackedCount()).as("the orphan is held while the job runs").isEqualTo(1);
        slow.cancel();
        time.advance(10_000);

        assertThat(slow.status().state()).isEqualTo(Redrive.State.CANCELLED);
        assertThat(slow.status().moved()).isEqualTo(1);
        assertThat(dlq.unackedCount()).isZero();
        assertThat(dlq.messageCount()).isEqualTo(6);
        assertThat(Messages.body(dlq.peek(1).get(0).message())).isEqualTo("m0");
    }

    @Test
    void copiesLoseTheirCcHeaderSoTheyReachTheTargetOnly() {
        Queue dlq = queue("dlq");
        Queue source = queue("source");
        Queue other = queue("other");
        vhost.publish("", Messages.message("", "dlq", Map.of("x-first-death-queue", "source", "CC", List.of("other")),
                List.of(), "cc"), scratch, 0);

        Redrive.start(vhost, dlq, fromHeader(), FORMAT, 10, 10);
        time.advance(1000);

        assertThat(source.messageCount()).isEqualTo(1);
        assertThat(other.messageCount()).isZero();
    }
}
