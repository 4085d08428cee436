package dev.spool.engine.policy;

import dev.spool.engine.dedup.DeduplicationSettings;
import dev.spool.engine.retry.RetryDelays;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveQueueSettingsTest {
    private static final long NONE = EffectiveQueueSettings.NONE;

    @Test
    void aPlainQueueHasNoLimitsAndDropsFromTheHead() {
        EffectiveQueueSettings settings = EffectiveQueueSettings.DEFAULTS;

        assertThat(settings.messageTtl()).isEqualTo(NONE);
        assertThat(settings.expires()).isEqualTo(NONE);
        assertThat(settings.hasLengthLimit()).isFalse();
        assertThat(settings.overflow()).isEqualTo(Overflow.DROP_HEAD);
        assertThat(settings.deadLetterExchange()).isNull();
        assertThat(settings.maxPriority()).isZero();
        assertThat(settings.deliveryLimit()).isEqualTo(NONE);
        assertThat(settings.consumerTimeout()).isEqualTo(NONE);
        assertThat(settings.retryDelays()).isEqualTo(RetryDelays.NONE);
        assertThat(settings.deduplication()).isEqualTo(DeduplicationSettings.OFF);
    }

    @Test
    void forTtlsExpiryAndLengthLimitsTheLowerOfArgumentAndPolicyWinsAsInRabbitMqsClassicQueue() {
        CompiledPolicy policy = CompiledPolicy.of("/", "limits", ".*", ApplyTo.QUEUES, 0,
                Map.of("message-ttl", 5_000, "max-length", 100, "expires", 60_000, "max-length-bytes", 1_000));
        Map<String, Object> arguments = Map.of("x-message-ttl", 10_000, "x-max-length", 50);

        EffectiveQueueSettings settings = EffectiveQueueSettings.resolve(arguments, policy, null, NONE);

        assertThat(settings.messageTtl()).isEqualTo(5_000);
        assertThat(settings.maxLength()).isEqualTo(50);
        assertThat(settings.expires()).isEqualTo(60_000);
        assertThat(settings.maxLengthBytes()).isEqualTo(1_000);
        assertThat(settings.policy()).isEqualTo("limits");
    }

    @Test
    void forDeadLetteringOverflowAndSpoolsExtensionsTheArgumentWins() {
        CompiledPolicy policy = CompiledPolicy.of("/", "p", ".*", ApplyTo.QUEUES, 0, Map.of("dead-letter-exchange", "policy-dlx",
                "dead-letter-routing-key", "policy-rk", "overflow", "reject-publish", "retry-delays", List.of(1, 2),
                "delay", 100));
        Map<String, Object> arguments = Map.of("x-dead-letter-exchange", "arg-dlx", "x-overflow", "drop-head",
                "x-retry-delays", List.of(7), "x-delay", 0);

        EffectiveQueueSettings settings = EffectiveQueueSettings.resolve(arguments, policy, null, NONE);

        assertThat(settings.deadLetterExchange()).isEqualTo("arg-dlx");
        assertThat(settings.deadLetterRoutingKey()).as("no argument: the policy's").isEqualTo("policy-rk");
        assertThat(settings.overflow()).isEqualTo(Overflow.DROP_HEAD);
        assertThat(settings.retryDelays()).isEqualTo(RetryDelays.of(7));
        assertThat(settings.delay()).isZero();
    }

    @Test
    void anOperatorPolicyCapsNumericLimitsEvenBelowTheClientsArgument() {
        CompiledPolicy policy = CompiledPolicy.of("/", "p", ".*", ApplyTo.QUEUES, 0, Map.of("max-length", 1_000,
                "delivery-limit", 10));
        CompiledPolicy operator = CompiledPolicy.operator("/", "caps", ".*", ApplyTo.QUEUES, 0, Map.of("max-length", 500,
                "message-ttl", 3_600_000, "delivery-limit", 20, "overflow", "reject-publish"));
        Map<String, Object> arguments = Map.of("x-max-length", 800, "x-message-ttl", 86_400_000);

        EffectiveQueueSettings settings = EffectiveQueueSettings.resolve(arguments, policy, operator, NONE);

        assertThat(settings.maxLength()).isEqualTo(500);
        assertThat(settings.messageTtl()).isEqualTo(3_600_000);
        assertThat(settings.deliveryLimit()).as("the lower of policy and operator").isEqualTo(10);
        assertThat(settings.overflow()).isEqualTo(Overflow.REJECT_PUBLISH);
        assertThat(settings.operatorPolicy()).isEqualTo("caps");
    }

    @Test
    void maxPrioritySingleActiveConsumerAndGroupsComeFromArgumentsOnly() {
        Map<String, Object> arguments = Map.of("x-max-priority", 10, "x-single-active-consumer", true,
                "x-group-header", "customer");

        EffectiveQueueSettings settings = EffectiveQueueSettings.resolve(arguments, null, null, NONE);

        assertThat(settings.maxPriority()).isEqualTo(10);
        assertThat(settings.singleActiveConsumer()).isTrue();
        assertThat(settings.groupHeader()).isEqualTo("customer");
    }

    @Test
    void theConsumerTimeoutFallsBackToTheBrokerDefaultAndZeroTurnsItOffUnlessCapped() {
        CompiledPolicy operator = CompiledPolicy.operator("/", "caps", ".*", ApplyTo.QUEUES, 0, Map.of("consumer-timeout", 60_000));

        assertThat(EffectiveQueueSettings.resolve(Map.of(), null, null, 1_800_000).consumerTimeout())
                .isEqualTo(1_800_000);
        assertThat(EffectiveQueueSettings.resolve(Map.of("x-consumer-timeout", 5_000), null, null, 1_800_000)
                .consumerTimeout()).isEqualTo(5_000);
        assertThat(EffectiveQueueSettings.resolve(Map.of("x-consumer-timeout", 0), null, null, 1_800_000)
                .consumerTimeout()).isEqualTo(NONE);
        assertThat(EffectiveQueueSettings.resolve(Map.of("x-consumer-timeout", 0), null, operator, 1_800_000)
                .consumerTimeout()).isEqualTo(60_000);
    }

    @Test
    void deduplicationComesFromArgumentsElseFromThePolicy() {
        CompiledPolicy policy = CompiledPolicy.of("/", "p", ".*", ApplyTo.QUEUES, 0, Map.of("message-deduplication", true,
                "cache-size", 10));

        assertThat(EffectiveQueueSettings.resolve(Map.of(), policy, null, NONE).deduplication().cacheSize())
                .isEqualTo(10);
        assertThat(EffectiveQueueSettings.resolve(Map.of("x-message-deduplication", false), policy, null, NONE)
                .deduplication().enabled()).isFalse();
    }
}
