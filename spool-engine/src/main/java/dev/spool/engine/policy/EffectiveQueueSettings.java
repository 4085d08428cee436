package dev.spool.engine.policy;

import dev.spool.engine.dedup.DeduplicationSettings;
import dev.spool.engine.retry.RetryDelays;

import java.util.List;
import java.util.Map;

/**
 * What a queue actually does, resolved from its declare arguments, the policy and the operator policy that match it,
 * and the broker's defaults. Numbers are primitives with {@link #NONE} for "not set", so the queue reads them on its
 * message path without unboxing. Immutable; a queue holds the current instance in a volatile field and swaps it when
 * a policy changes.
 *
 * <p><b>Resolution</b>, key by key, as RabbitMQ's classic queue ({@code rabbit_amqqueue_process:process_args_policy})
 * and {@code rabbit_policy:get/2} do it:
 * <ul>
 * <li>policy and operator policy first merge: for {@code message-ttl}, {@code expires}, {@code max-length},
 *     {@code max-length-bytes}, {@code delivery-limit} and {@code consumer-timeout} the lower value wins; for any
 *     other key both may set (overflow, queue-version) the operator policy's value wins;</li>
 * <li>then with the argument: for {@code message-ttl}, {@code expires}, {@code max-length}, {@code max-length-bytes}
 *     (and Spool's {@code delivery-limit}, {@code consumer-timeout}) the lower of argument and merged policy value
 *     wins, so an operator policy caps even a client's argument; for every other key (dead-letter exchange and routing
 *     key, overflow, queue mode and version, and Spool's retry delays, deduplication and delay) the argument wins when
 *     present;</li>
 * <li>{@code x-max-priority}, {@code x-single-active-consumer} and Spool's {@code x-group-header} come from arguments
 *     only (no policy key exists for them, as in RabbitMQ);</li>
 * <li>the consumer timeout falls back to the broker's default when neither argument nor policy sets it.</li>
 * </ul>
 * RabbitMQ's documentation says arguments take precedence over policies in general; for the four numeric limits its
 * classic queue code takes the lower value, and Spool follows the code.
 *
 * @param policy               the name of the policy applied, or null
 * @param operatorPolicy       the name of the operator policy applied, or null
 * @param messageTtl           per-queue message TTL in ms, or {@link #NONE}
 * @param expires              queue expiry (unused for this long, it is deleted) in ms, or {@link #NONE}
 * @param maxLength            the most ready messages, or {@link #NONE}
 * @param maxLengthBytes       the most ready message body bytes, or {@link #NONE}
 * @param overflow             what happens beyond the limits
 * @param deadLetterExchange   where dead messages go, or null to drop them
 * @param deadLetterRoutingKey the routing key they go with, or null to keep theirs
 * @param maxPriority          the highest message priority honoured, 0 when not a priority queue
 * @param singleActiveConsumer whether only one consumer receives at a time
 * @param deliveryLimit        failed deliveries allowed before dead-lettering, or {@link #NONE}
 * @param consumerTimeout      how long a delivery may stay unacknowledged in ms, or {@link #NONE}; 0 in an argument
 *                             or policy turns it off unless another source sets a positive value, which then wins
 * @param retryDelays          back-off before redelivering rejected messages
 * @param deduplication        the queue's deduplication window
 * @param delay                how long each enqueued message waits before it is ready, in ms (0: none)
 * @param groupHeader          the header naming a message's group, or null
 */
public record EffectiveQueueSettings(String policy, String operatorPolicy, long messageTtl, long expires,
                                     long maxLength, long maxLengthBytes, Overflow overflow,
                                     String deadLetterExchange, String deadLetterRoutingKey, int maxPriority,
                                     boolean singleActiveConsumer, long deliveryLimit, long consumerTimeout,
                                     RetryDelays retryDelays, DeduplicationSettings deduplication, long delay,
                                     String groupHeader) {
    /** "Not set" for the numeric settings. */
    public static final long NONE = -1;
    private static final long UNSET = -2;

    /** The settings of a queue with no arguments, no policy and no broker default consumer timeout. */
    public static final EffectiveQueueSettings DEFAULTS = resolve(Map.of(), null, null, NONE);

    /**
     * Resolves a queue's settings.
     *
     * @param arguments              its declare arguments, already checked by {@link QueueArguments#checkDeclare}
     * @param policy                 the policy matching it ({@link PolicyTable#match}), or null
     * @param operatorPolicy         the operator policy matching it, or null
     * @param defaultConsumerTimeout the broker's consumer timeout in ms, or {@link #NONE}
     */
    public static EffectiveQueueSettings resolve(Map<String, Object> arguments, CompiledPolicy policy, CompiledPolicy operatorPolicy,
                                                 long defaultConsumerTimeout) {
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        Sources sources = new Sources(args, policy, operatorPolicy);
        long consumerTimeout = sources.lowestTimeout("consumer-timeout");
        Object overflow = sources.argumentFirst("overflow");
        Object retry = sources.argumentFirst("retry-delays");
        Object delay = sources.argumentFirst("delay");
        return new EffectiveQueueSettings(
                policy == null ? null : policy.name(),
                operatorPolicy == null ? null : operatorPolicy.name(),
                sources.lowest("message-ttl"),
                sources.lowest("expires"),
                sources.lowest("max-length"),
                sources.lowest("max-length-bytes"),
                overflow == null ? Overflow.DROP_HEAD : Overflow.fromText(overflow.toString()),
                text(sources.argumentFirst("dead-letter-exchange")),
                text(sources.argumentFirst("dead-letter-routing-key")),
                args.get("x-max-priority") instanceof Number n ? n.intValue() : 0,
                Boolean.TRUE.equals(args.get("x-single-active-consumer")),
                sources.lowest("delivery-limit"),
                consumerTimeout == UNSET ? defaultConsumerTimeout : consumerTimeout,
                retry instanceof List<?> list ? RetryDelays.fromList(list) : RetryDelays.NONE,
                args.containsKey("x-message-deduplication") ? DeduplicationSettings.from(args, "x-")
                        : policy == null ? DeduplicationSettings.OFF
                        : DeduplicationSettings.from(policy.definition(), ""),
                delay instanceof Number n ? n.longValue() : 0,
                text(args.get("x-group-header")));
    }

    /** True when the queue has a length limit of either kind. */
    public boolean hasLengthLimit() {
        return maxLength != NONE || maxLengthBytes != NONE;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The three places a key's value can come from. */
    private record Sources(Map<String, Object> arguments, CompiledPolicy policy, CompiledPolicy operatorPolicy) {
        /** RabbitMQ's res_min: the lowest of argument, policy and operator policy; {@link #NONE} when none is set. */
        long lowest(String key) {
            long lowest = Long.MAX_VALUE;
            boolean found = false;
            for (Object value : new Object[] {arguments.get("x-" + key), valueOf(policy, key),
                    valueOf(operatorPolicy, key)}) {
                if (value instanceof Number n) {
                    lowest = Math.min(lowest, n.longValue());
                    found = true;
                }
            }
            return found ? lowest : NONE;
        }

        /**
         * The lowest timeout where 0 means "no timeout" (so it never undercuts a cap): {@link #NONE} when every value
         * set is 0, {@link #UNSET} when none is set.
         */
        long lowestTimeout(String key) {
            long lowest = Long.MAX_VALUE;
            boolean found = false;
            for (Object value : new Object[] {arguments.get("x-" + key), valueOf(policy, key),
                    valueOf(operatorPolicy, key)}) {
                if (value instanceof Number n) {
                    long timeout = n.longValue();
                    lowest = Math.min(lowest, timeout == 0 ? Long.MAX_VALUE : timeout);
                    found = true;
                }
            }
            return !found ? UNSET : lowest == Long.MAX_VALUE ? NONE : lowest;
        }

        /** RabbitMQ's res_arg: the argument when present, else the operator policy's, else the policy's value. */
        Object argumentFirst(String key) {
            Object argument = arguments.get("x-" + key);
            if (argument != null) {
                return argument;
            }
            Object operator = valueOf(operatorPolicy, key);
            return operator != null ? operator : valueOf(policy, key);
        }

        private static Object valueOf(CompiledPolicy policy, String key) {
            return policy == null ? null : policy.get(key);
        }
    }
}
