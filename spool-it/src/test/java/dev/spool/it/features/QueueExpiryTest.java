package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.publish;
import static dev.spool.it.features.Queues.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.spool.engine.ManualTime;
import dev.spool.it.support.RunningBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** x-expires: a queue unused that long is deleted; consumers, basic.get and redeclaration are uses. */
class QueueExpiryTest {
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    @Test
    void anUnusedQueueIsDeletedWithoutDeadLetteringItsMessages() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("unused");
        String dead = broker.uniqueName("unused-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, with(deadLettersTo(dead), "x-expires", 5_000));
        publish(channel, queue, "m");
        awaitReady(broker, queue, 1);

        TIME.advance(4_999);
        assertThat(broker.queue(queue)).isNotNull();
        TIME.advance(1);

        assertThat(broker.queue(queue)).isNull();
        assertThat(broker.existingQueue(dead).messageCount()).isZero();
    }

    @Test
    void aConsumerKeepsTheQueueAndTheCountdownRestartsWhenItLeaves() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("consumed");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 1_000));
        String tag = channel.basicConsume(queue, true, (t, d) -> { }, t -> { });
        await().atMost(Queues.WAIT).until(() -> broker.existingQueue(queue).consumerCount() == 1);

        TIME.advance(5_000);
        assertThat(broker.queue(queue)).as("in use").isNotNull();
        channel.basicCancel(tag);
        await().atMost(Queues.WAIT).until(() -> broker.existingQueue(queue).consumerCount() == 0);
        TIME.advance(999);
        assertThat(broker.queue(queue)).isNotNull();
        TIME.advance(1);

        assertThat(broker.queue(queue)).isNull();
    }

    @Test
    void basicGetAndRedeclarationRestartTheCountdown() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("touched");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 1_000));

        TIME.advance(800);
        channel.basicGet(queue, true);
        TIME.advance(800);
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 1_000));
        TIME.advance(800);
        assertThat(broker.queue(queue)).isNotNull();
        TIME.advance(200);

        assertThat(broker.queue(queue)).isNull();
    }
}
