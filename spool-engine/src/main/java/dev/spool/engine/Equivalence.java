package dev.spool.engine;

import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.message.FieldValues;
import dev.spool.engine.policy.QueueArguments;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's redeclaration rules ({@code rabbit_misc:assert_field_equivalence} and {@code assert_args_equivalence}):
 * redeclaring an exchange or queue succeeds only with the properties it already has, else PRECONDITION_FAILED with
 * RabbitMQ's text, e.g. {@code inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is
 * 'false'}. Only the arguments each kind cares about are compared: {@code alternate-exchange} for exchanges, the
 * classic queue's {@code x-} arguments for queues; integers compare by value across widths.
 * Stateless; called under the virtual host's definitions lock.
 */
final class Equivalence {
    /** The arguments RabbitMQ compares when a classic queue is redeclared (its queue type's queue_arguments). */
    static final String[] CLASSIC_QUEUE_ARGUMENTS = {
        "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length",
        "x-max-length-bytes", "x-max-priority", "x-overflow", "x-queue-mode", "x-queue-version",
        "x-single-active-consumer", "x-queue-type", "x-queue-master-locator", "x-queue-leader-locator"
    };
    /** RabbitMQ's list, then Spool's extension arguments ({@link QueueArguments#EXTENSION_ARGUMENTS}). */
    private static final String[] QUEUE_ARGUMENTS = withExtensions();
    private static final String[] EXCHANGE_ARGUMENTS = {"alternate-exchange"};
    /** An {@code x-delayed-message} exchange also compares the type it routes as. */
    private static final String[] DELAYED_EXCHANGE_ARGUMENTS = {"alternate-exchange", "x-delayed-type"};

    private Equivalence() {
    }

    private static String[] withExtensions() {
        List<String> keys = new ArrayList<>(Arrays.asList(CLASSIC_QUEUE_ARGUMENTS));
        keys.addAll(QueueArguments.EXTENSION_ARGUMENTS);
        return keys.toArray(new String[0]);
    }

    static void assertExchange(Exchange existing, String vhost, String type, boolean durable, boolean autoDelete,
                               boolean internal, Map<String, Object> arguments) {
        String resource = ResourceNames.exchange(vhost, existing.name());
        assertField(resource, "type", existing.type(), type);
        assertField(resource, "durable", existing.durable(), durable);
        assertField(resource, "auto_delete", existing.autoDelete(), autoDelete);
        assertField(resource, "internal", existing.internal(), internal);
        assertArguments(resource, existing.arguments(), arguments,
                existing instanceof DelayedMessageExchange ? DELAYED_EXCHANGE_ARGUMENTS : EXCHANGE_ARGUMENTS);
    }

    /**
     * @param requested the declaration, already normalized (an exclusive queue is never durable)
     * @param owner     the declaring connection when the declaration is exclusive, else null
     */
    static void assertQueue(Queue existing, QueueSettings requested, Object owner) {
        ExclusiveAccess.checkStrict(existing, owner);
        String resource = ResourceNames.queue(existing.vhostName(), existing.name());
        QueueSettings current = existing.settings();
        assertField(resource, "durable", current.durable(), requested.durable());
        assertField(resource, "auto_delete", current.autoDelete(), requested.autoDelete());
        assertArguments(resource, current.arguments(), requested.arguments(), QUEUE_ARGUMENTS);
    }

    private static void assertField(String resource, String key, Object current, Object received) {
        if (!current.equals(received)) {
            throw EngineException.preconditionFailed("inequivalent arg '" + key + "' for " + resource + ": received '"
                    + received + "' but current is '" + current + "'");
        }
    }

    private static void assertArguments(String resource, Map<String, Object> current, Map<String, Object> received,
                                        String[] keys) {
        for (String key : keys) {
            boolean hadIt = current.containsKey(key);
            boolean hasIt = received.containsKey(key);
            Object was = current.get(key);
            Object is = received.get(key);
            if (!hadIt && !hasIt) {
                continue;
            }
            if (hadIt && hasIt && typeClass(was).equals(typeClass(is)) && FieldValues.equal(was, is)) {
                continue;
            }
            if (key.equals("x-queue-type") && isClassicOrAbsent(hadIt, was) && isClassicOrAbsent(hasIt, is)) {
                continue;
            }
            throw EngineException.preconditionFailed("inequivalent arg '" + key + "' for " + resource + ": received "
                    + describe(hasIt, is) + " but current is " + describe(hadIt, was));
        }
    }

    private static boolean isClassicOrAbsent(boolean present, Object value) {
        return !present || (value != null && value.toString().equals("classic"));
    }

    /** RabbitMQ's type class: all integer types compare as one, so do both float types. */
    private static String typeClass(Object value) {
        if (FieldValues.isInteger(value)) {
            return "int";
        }
        if (FieldValues.isFloat(value)) {
            return "float";
        }
        return FieldValues.typeName(value);
    }

    private static String describe(boolean present, Object value) {
        if (!present) {
            return "none";
        }
        return "the value '" + (value == null ? "undefined" : value.toString()) + "' of type '"
                + FieldValues.typeName(value) + "'";
    }
}
