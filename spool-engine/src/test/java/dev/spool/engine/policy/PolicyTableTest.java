package dev.spool.engine.policy;

import dev.spool.engine.ErrorCondition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTableTest {
    private final PolicyTable policies = new PolicyTable("/", false);

    @Test
    void theMatchingPolicyWithTheHighestPriorityApplies() {
        policies.put(CompiledPolicy.of("/", "all", ".*", ApplyTo.ALL, 0, Map.of("max-length", 10)));
        policies.put(CompiledPolicy.of("/", "orders", "^orders\\.", ApplyTo.QUEUES, 5, Map.of("max-length", 20)));
        policies.put(CompiledPolicy.of("/", "orders-eu", "^orders\\.eu", ApplyTo.QUEUES, 1, Map.of("max-length", 30)));

        assertThat(policies.match("orders.eu.1", PolicyTarget.CLASSIC_QUEUE).name()).isEqualTo("orders");
        assertThat(policies.match("invoices", PolicyTarget.CLASSIC_QUEUE).name()).isEqualTo("all");
        assertThat(policies.match("orders.eu.1", PolicyTarget.EXCHANGE).name()).isEqualTo("all");
    }

    @Test
    void amongEqualPrioritiesThePolicyWhoseNameSortsFirstApplies() {
        policies.put(CompiledPolicy.of("/", "b", "q", ApplyTo.ALL, 3, Map.of("max-length", 1)));
        policies.put(CompiledPolicy.of("/", "a", "q", ApplyTo.ALL, 3, Map.of("max-length", 2)));

        assertThat(policies.match("q", PolicyTarget.CLASSIC_QUEUE).name()).isEqualTo("a");
    }

    @Test
    void thePatternMatchesAnywhereInTheNameLikeErlangsReRun() {
        policies.put(CompiledPolicy.of("/", "p", "jobs", ApplyTo.QUEUES, 0, Map.of("message-ttl", 1)));

        assertThat(policies.match("email.jobs.high", PolicyTarget.CLASSIC_QUEUE)).isNotNull();
        assertThat(policies.match("email", PolicyTarget.CLASSIC_QUEUE)).isNull();
    }

    @Test
    void applyToRestrictsWhichKindsOfResourcesAPolicyMatches() {
        assertThat(ApplyTo.EXCHANGES.appliesTo(PolicyTarget.EXCHANGE)).isTrue();
        assertThat(ApplyTo.EXCHANGES.appliesTo(PolicyTarget.CLASSIC_QUEUE)).isFalse();
        assertThat(ApplyTo.QUEUES.appliesTo(PolicyTarget.STREAM)).isTrue();
        assertThat(ApplyTo.CLASSIC_QUEUES.appliesTo(PolicyTarget.QUORUM_QUEUE)).isFalse();
        assertThat(ApplyTo.ALL.appliesTo(PolicyTarget.EXCHANGE)).isTrue();
        assertThat(ApplyTo.parse("classic_queues")).isEqualTo(ApplyTo.CLASSIC_QUEUES);
        assertFails(() -> ApplyTo.parse("topics"), ErrorCondition.PRECONDITION_FAILED,
                "apply-to 'topics' unrecognised; should be one of: 'queues', 'classic_queues',  'quorum_queues', "
                        + "'streams', 'exchanges', or 'all'");
    }

    @Test
    void puttingAPolicyWithTheSameNameReplacesItAndRemoveForgetsIt() {
        policies.put(CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("max-length", 1)));
        CompiledPolicy previous = policies.put(CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 9, Map.of("max-length", 2)));

        assertThat(previous.priority()).isZero();
        assertThat(policies.list()).hasSize(1);
        assertThat(policies.get("p").get("max-length")).isEqualTo(2);
        assertThat(policies.remove("p")).isNotNull();
        assertThat(policies.remove("p")).isNull();
        assertThat(policies.isEmpty()).isTrue();
    }

    @Test
    void listingShowsTheLowestPriorityFirstLikeRabbitmqctl() {
        policies.put(CompiledPolicy.of("/", "high", ".*", ApplyTo.ALL, 10, Map.of("max-length", 1)));
        policies.put(CompiledPolicy.of("/", "low", ".*", ApplyTo.ALL, -1, Map.of("max-length", 1)));
        policies.put(CompiledPolicy.of("/", "mid", ".*", ApplyTo.ALL, 3, Map.of("max-length", 1)));

        assertThat(policies.list()).extracting(CompiledPolicy::name).containsExactly("low", "mid", "high");
    }

    @Test
    void aPolicyOfAnotherVirtualHostOrKindDoesNotBelong() {
        assertThatThrownBy(() -> policies.put(CompiledPolicy.of("other", "p", ".*", ApplyTo.ALL, 0, Map.of("expires", 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policies.put(CompiledPolicy.operator("/", "p", ".*", ApplyTo.ALL, 0, Map.of("expires", 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidDefinitionsAreRefusedWithRabbitMqsValidationTexts() {
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("message-ttl", "abc")),
                ErrorCondition.PRECONDITION_FAILED, "<<\"abc\">> is not a valid message TTL");
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("expires", 0)),
                ErrorCondition.PRECONDITION_FAILED, "0 is not a valid queue expiry");
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("max-length", -1)),
                ErrorCondition.PRECONDITION_FAILED, "-1 is not a valid maximum length");
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("overflow", "drop-tail")),
                ErrorCondition.PRECONDITION_FAILED, "<<\"drop-tail\">> is not a valid overflow value");
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("dead-letter-exchange", 1.5)),
                ErrorCondition.PRECONDITION_FAILED, "1.5 is not a valid dead letter exchange name");
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of("retry-delays", List.of(1, -2))),
                ErrorCondition.PRECONDITION_FAILED, "[1,-2] is not a valid list of retry delays");
        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, Map.of()),
                ErrorCondition.PRECONDITION_FAILED, "no policy provided");
    }

    @Test
    void unknownKeysAndKeysAnOperatorMayNotSetAreNotRecognised() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("max-length", 5);
        definition.put("foo", 1);
        definition.put("bar", "x");

        assertFails(() -> CompiledPolicy.of("/", "p", ".*", ApplyTo.ALL, 0, definition), ErrorCondition.PRECONDITION_FAILED,
                "[{<<\"foo\">>,1},{<<\"bar\">>,<<\"x\">>}] are not recognised policy settings");
        assertFails(() -> CompiledPolicy.operator("/", "p", ".*", ApplyTo.QUEUES, 0,
                        Map.of("dead-letter-exchange", "dlx")), ErrorCondition.PRECONDITION_FAILED,
                "[{<<\"dead-letter-exchange\">>,<<\"dlx\">>}] are not recognised policy settings");
    }

    @Test
    void anInvalidPatternIsRefused() {
        assertThatThrownBy(() -> CompiledPolicy.of("/", "p", "[", ApplyTo.ALL, 0, Map.of("expires", 1)))
                .hasMessageStartingWith("<<\"[\">> is not a valid regex: ");
    }
}
