package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.firstDeath;
import static dev.spool.it.features.Queues.header;
import static dev.spool.it.features.Queues.publish;
import static dev.spool.it.features.Queues.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** x-delivery-limit: failed deliveries counted, shown in x-delivery-count, dead-lettered past the limit. */
class DeliveryLimitTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void aLimitOfTwoAllowsThreeDeliveriesThenDeadLettersWithReasonDeliveryLimit() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("poison");
        String dead = broker.uniqueName("poison-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(work, false, false, false, with(deadLettersTo(dead), "x-delivery-limit", 2));
        publish(channel, work, "poison");
        awaitReady(broker, work, 1);

        List<Object> counts = new ArrayList<>();
        List<Boolean> redelivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GetResponse got = channel.basicGet(work, false);
            assertThat(got).as("delivery " + (i + 1)).isNotNull();
            counts.add(header(got, "x-delivery-count"));
            redelivered.add(got.getEnvelope().isRedeliver());
            channel.basicReject(got.getEnvelope().getDeliveryTag(), true);
            if (i < 2) {
                awaitReady(broker, work, 1);
            }
        }

        awaitReady(broker, dead, 1);
        assertThat(counts).containsExactly(null, 1L, 2L);
        assertThat(redelivered).containsExactly(false, true, true);
        assertThat(broker.existingQueue(work).messageCount()).isZero();
        GetResponse deadLetter = channel.basicGet(dead, true);
        assertThat(firstDeath(deadLetter)).containsEntry("reason", "delivery_limit").containsEntry("queue", work);
    }

    @Test
    void aChannelClosingWithTheMessageUnackedCountsAsAFailedDelivery() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("closing");
        String dead = broker.uniqueName("closing-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(work, false, false, false, with(deadLettersTo(dead), "x-delivery-limit", 0));
        publish(channel, work, "m");
        awaitReady(broker, work, 1);

        Channel consumer = broker.newChannel();
        assertThat(consumer.basicGet(work, false)).isNotNull();
        consumer.close();

        awaitReady(broker, dead, 1);
        assertThat(broker.existingQueue(work).messageCount()).isZero();
    }

    @Test
    void withoutALimitNoDeliveryCountHeaderIsAdded() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("plain");
        channel.queueDeclare(work, false, false, false, null);
        publish(channel, work, "m");
        awaitReady(broker, work, 1);
        GetResponse first = channel.basicGet(work, false);
        channel.basicReject(first.getEnvelope().getDeliveryTag(), true);
        awaitReady(broker, work, 1);

        GetResponse second = channel.basicGet(work, true);

        assertThat(second.getEnvelope().isRedeliver()).isTrue();
        assertThat(header(second, "x-delivery-count")).isNull();
    }
}
