package dev.spool.engine;

import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import dev.spool.engine.queue.RecordingConsumer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class QueueDeclarationTest {
    private static final String LOCKED = "cannot obtain exclusive access to locked queue 'q' in vhost '/'. It could"
            + " be originally declared on another connection or the exclusive property value does not match that of"
            + " the original declaration.";
    private final VirtualHost vhost = new VirtualHost("/");

    private static QueueSettings settings(boolean durable, boolean exclusive, boolean autoDelete) {
        return new QueueSettings(durable, exclusive, autoDelete, Map.of());
    }

    private static QueueSettings withArgs(Map<String, Object> args) {
        return new QueueSettings(true, false, false, args);
    }

    private QueueDeclareResult declare(String name, QueueSettings settings, Object owner) {
        return vhost.declareQueue(name, false, settings, owner);
    }

    @Test
    void emptyNameGetsAServerGeneratedName() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            QueueDeclareResult result = declare("", settings(false, true, true), "c");
            assertThat(result.queue()).matches("amq\\.gen-[A-Za-z0-9_-]{22}");
            names.add(result.queue());
        }
        assertThat(names).hasSize(20);
    }

    @Test
    void declareReportsReadyMessagesAndConsumers() {
        declare("q", settings(true, false, false), "c");
        vhost.publish("", Messages.message("q"), new PublishScratch(null), 0);
        vhost.publish("", Messages.message("q"), new PublishScratch(null), 0);
        vhost.queue("q", "c").addConsumer(new RecordingConsumer("c1", 1));
        QueueDeclareResult result = declare("q", settings(true, false, false), "c");
        assertThat(result).isEqualTo(new QueueDeclareResult("q", 1, 1));
        assertThat(vhost.declareQueue("q", true, null, "other")).isEqualTo(new QueueDeclareResult("q", 1, 1));
    }

    @Test
    void passiveDeclareOfAMissingQueueIsNotFound() {
        assertFails(() -> vhost.declareQueue("nope", true, null, "c"), ErrorCondition.NOT_FOUND,
                "no queue 'nope' in vhost '/'");
    }

    @Test
    void redeclaringWithAnotherDurableFlagFails() {
        declare("q", settings(false, false, false), "c");
        assertFails(() -> declare("q", settings(true, false, false), "c"), ErrorCondition.PRECONDITION_FAILED,
                "inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'");
    }

    @Test
    void redeclaringWithAnotherAutoDeleteFlagFails() {
        declare("q", settings(true, false, false), "c");
        assertFails(() -> declare("q", settings(true, false, true), "c"), ErrorCondition.PRECONDITION_FAILED,
                "inequivalent arg 'auto_delete' for queue 'q' in vhost '/': received 'true' but current is 'false'");
    }

    @Test
    void redeclaringWithAnotherQueueArgumentFails() {
        declare("q", withArgs(Map.of("x-max-length", 10L)), "c");
        assertFails(() -> declare("q", withArgs(Map.of("x-max-length", 20L)), "c"),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'x-max-length' for queue 'q' in vhost '/':"
                        + " received the value '20' of type 'long' but current is the value '10' of type 'long'");
        assertFails(() -> declare("q", withArgs(Map.of()), "c"), ErrorCondition.PRECONDITION_FAILED,
                "inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received none but current is the value"
                        + " '10' of type 'long'");
    }

    @Test
    void addingAQueueArgumentOnRedeclareFails() {
        declare("q", withArgs(Map.of()), "c");
        assertFails(() -> declare("q", withArgs(Map.of("x-max-priority", (byte) 2)), "c"),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'x-max-priority' for queue 'q' in vhost '/':"
                        + " received the value '2' of type 'byte' but current is none");
    }

    @Test
    void integerArgumentsCompareByValueAcrossWidths() {
        declare("q", withArgs(Map.of("x-message-ttl", 1000)), "c");
        declare("q", withArgs(Map.of("x-message-ttl", 1000L)), "c");
        declare("q2", withArgs(Map.of("x-queue-master-locator", 7)), "c");
        assertFails(() -> declare("q2", withArgs(Map.of("x-queue-master-locator", 7.0)), "c"),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'x-queue-master-locator' for queue 'q2' in vhost"
                        + " '/': received the value '7.0' of type 'double' but current is the value '7' of type"
                        + " 'signedint'");
        // a double TTL never reaches the comparison: the arguments are validated first, as RabbitMQ does
        assertFails(() -> declare("q", withArgs(Map.of("x-message-ttl", 1000.0)), "c"),
                ErrorCondition.PRECONDITION_FAILED, "invalid arg 'x-message-ttl' for queue 'q' in vhost '/':"
                        + " \"expected integer, got double\"");
    }

    @Test
    void argumentsRabbitMqDoesNotCompareAreIgnored() {
        declare("q", withArgs(Map.of("x-custom", "a")), "c");
        declare("q", withArgs(Map.of("x-custom", "b", "other", 1)), "c");
    }

    @Test
    void classicQueueTypeMatchesAnAbsentQueueType() {
        declare("q", withArgs(Map.of()), "c");
        declare("q", withArgs(Map.of("x-queue-type", "classic")), "c");
        assertFails(() -> declare("q", withArgs(Map.of("x-queue-type", "quorum")), "c"),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'x-queue-type' for queue 'q' in vhost '/':"
                        + " received the value 'quorum' of type 'longstr' but current is none");
    }

    @Test
    void declaringAnAmqQueueIsRefused() {
        assertFails(() -> declare("amq.q", settings(false, false, false), "c"), ErrorCondition.ACCESS_REFUSED,
                "queue name 'amq.q' contains reserved prefix 'amq.*'");
    }

    @Test
    void exclusiveQueueIsNeverDurable() {
        declare("q", settings(true, true, false), "c");
        assertThat(vhost.findQueue("q").settings().durable()).isFalse();
        declare("q", settings(true, true, false), "c");
        declare("q", settings(false, true, false), "c");
    }

    @Test
    void anotherConnectionCannotUseAnExclusiveQueue() {
        declare("q", settings(false, true, false), "owner");
        assertFails(() -> declare("q", settings(false, true, false), "other"), ErrorCondition.RESOURCE_LOCKED, LOCKED);
        assertFails(() -> vhost.declareQueue("q", true, null, "other"), ErrorCondition.RESOURCE_LOCKED, LOCKED);
        assertFails(() -> vhost.queue("q", "other"), ErrorCondition.RESOURCE_LOCKED, LOCKED);
        assertFails(() -> vhost.purgeQueue("q", "other"), ErrorCondition.RESOURCE_LOCKED, LOCKED);
        assertFails(() -> vhost.deleteQueue("q", false, false, "other"), ErrorCondition.RESOURCE_LOCKED, LOCKED);
        assertFails(() -> vhost.bindQueue("q", "amq.direct", "k", Map.of(), "other"), ErrorCondition.RESOURCE_LOCKED,
                LOCKED);
        assertThat(vhost.queue("q", "owner")).isNotNull();
    }

    @Test
    void redeclaringWithAnotherExclusiveFlagIsLockedEvenForTheOwner() {
        declare("q", settings(false, true, false), "owner");
        assertFails(() -> declare("q", settings(false, false, false), "owner"), ErrorCondition.RESOURCE_LOCKED, LOCKED);
        declare("shared", settings(false, false, false), "owner");
        assertFails(() -> declare("shared", settings(false, true, false), "owner"), ErrorCondition.RESOURCE_LOCKED,
                LOCKED.replace("'q'", "'shared'"));
    }

    @Test
    void closingTheConnectionDeletesOnlyItsExclusiveQueues() {
        declare("mine", settings(false, true, false), "conn1");
        declare("theirs", settings(false, true, false), "conn2");
        declare("shared", settings(false, false, false), "conn1");
        vhost.bindQueue("mine", "amq.fanout", "", Map.of(), "conn1");
        RecordingConsumer consumer = RecordingConsumer.unlimited("c");
        vhost.queue("mine", "conn1").addConsumer(consumer);
        vhost.connectionClosed("conn1");
        assertThat(vhost.findQueue("mine")).isNull();
        assertThat(vhost.findQueue("theirs")).isNotNull();
        assertThat(vhost.findQueue("shared")).isNotNull();
        assertThat(vhost.findExchange("amq.fanout").hasBindings()).isFalse();
        assertThat(consumer.cancelledBy()).isNotNull();
    }

    @Test
    void deletingAMissingQueueReturnsZero() {
        assertThat(vhost.deleteQueue("nope", true, true, "c")).isZero();
    }

    @Test
    void deleteReturnsTheReadyCountAndCancelsConsumersAndRemovesBindings() {
        declare("q", settings(true, false, false), "c");
        vhost.bindQueue("q", "amq.direct", "k", Map.of(), "c");
        PublishScratch scratch = new PublishScratch(null);
        for (int i = 0; i < 3; i++) {
            vhost.publish("amq.direct", Messages.message("k"), scratch, 0);
        }
        RecordingConsumer consumer = new RecordingConsumer("c1", 1);
        Queue queue = vhost.queue("q", "c");
        queue.addConsumer(consumer);
        assertThat(vhost.deleteQueue("q", false, false, "c")).isEqualTo(2);
        assertThat(consumer.cancelledBy()).isSameAs(queue);
        assertThat(queue.isDeleted()).isTrue();
        assertThat(vhost.findQueue("q")).isNull();
        assertThat(vhost.findExchange("amq.direct").hasBindings()).isFalse();
        assertThat(vhost.publish("amq.direct", Messages.message("k"), scratch, 0)).isZero();
    }

    @Test
    void deleteIfUnusedAndIfEmptyUseRabbitMqTexts() {
        declare("q", settings(true, false, false), "c");
        vhost.queue("q", "c").addConsumer(new RecordingConsumer("c1", 0));
        assertFails(() -> vhost.deleteQueue("q", true, false, "c"), ErrorCondition.PRECONDITION_FAILED,
                "queue 'q' in vhost '/' in use");
        vhost.publish("", Messages.message("q"), new PublishScratch(null), 0);
        assertFails(() -> vhost.deleteQueue("q", false, true, "c"), ErrorCondition.PRECONDITION_FAILED,
                "queue 'q' in vhost '/' not empty");
        assertThat(vhost.findQueue("q")).isNotNull();
    }

    @Test
    void purgeDropsReadyMessagesAndReportsHowMany() {
        declare("q", settings(true, false, false), "c");
        PublishScratch scratch = new PublishScratch(null);
        for (int i = 0; i < 4; i++) {
            vhost.publish("", Messages.message("q"), scratch, 0);
        }
        assertThat(vhost.purgeQueue("q", "c")).isEqualTo(4);
        assertThat(vhost.findQueue("q").messageCount()).isZero();
        assertFails(() -> vhost.purgeQueue("nope", "c"), ErrorCondition.NOT_FOUND, "no queue 'nope' in vhost '/'");
    }

    @Test
    void consumeFromAMissingQueueIsNotFound() {
        assertFails(() -> vhost.queue("nope", "c"), ErrorCondition.NOT_FOUND, "no queue 'nope' in vhost '/'");
    }

    @Test
    void autoDeleteQueueIsDeletedWhenItsLastConsumerIsCancelled() {
        declare("ad", settings(false, false, true), "c");
        vhost.bindQueue("ad", "amq.topic", "#", Map.of(), "c");
        Queue queue = vhost.queue("ad", "c");
        RecordingConsumer consumer = RecordingConsumer.unlimited("c1");
        queue.addConsumer(consumer);
        queue.removeConsumer(consumer);
        assertThat(vhost.findQueue("ad")).isNull();
        assertThat(queue.isDeleted()).isTrue();
        assertThat(vhost.findExchange("amq.topic").hasBindings()).isFalse();
    }

    @Test
    void autoDeleteQueueWithoutEverAConsumerStays() {
        declare("ad", settings(false, false, true), "c");
        assertThat(vhost.findQueue("ad")).isNotNull();
    }
}
