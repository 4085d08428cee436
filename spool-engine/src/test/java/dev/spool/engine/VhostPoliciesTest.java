package dev.spool.engine;

import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.policy.ApplyTo;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.Overflow;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A virtual host applies its policies and operator policies to its queues and exchanges, at once and on every change.
 */
class VhostPoliciesTest {
    private static final String OWNER = "connection-1";

    private final VirtualHost vhost = new VirtualHost("/");

    @Test
    void aPolicyPutLaterAppliesToTheQueuesItMatchesOnly() {
        Queue work = declare("work.emails", Map.of());
        Queue other = declare("reports", Map.of());

        vhost.policies().put(policy("limits", "^work\\.", ApplyTo.QUEUES, 0, Map.of("max-length", 10)));

        assertThat(work.effectiveSettings().maxLength()).isEqualTo(10);
        assertThat(work.effectiveSettings().policy()).isEqualTo("limits");
        assertThat(other.effectiveSettings().maxLength()).isEqualTo(EffectiveQueueSettings.NONE);
        assertThat(other.effectiveSettings().policy()).isNull();
    }

    @Test
    void aQueueDeclaredAfterThePolicyGetsItAtCreation() {
        vhost.policies().put(policy("ttl", ".*", ApplyTo.ALL, 0, Map.of("message-ttl", 5_000)));

        Queue queue = declare("fresh", Map.of());

        assertThat(queue.effectiveSettings().messageTtl()).isEqualTo(5_000);
    }

    @Test
    void theHighestPriorityWinsAndEqualPrioritiesPickTheFirstName() {
        Queue queue = declare("orders", Map.of());
        vhost.policies().put(policy("b-low", "^orders$", ApplyTo.QUEUES, 1, Map.of("max-length", 1)));
        vhost.policies().put(policy("z-high", "ord", ApplyTo.QUEUES, 5, Map.of("max-length", 5)));
        vhost.policies().put(policy("a-high", "ers", ApplyTo.QUEUES, 5, Map.of("max-length", 7)));

        assertThat(queue.effectiveSettings().policy()).isEqualTo("a-high");
        assertThat(queue.effectiveSettings().maxLength()).isEqualTo(7);
    }

    @Test
    void anExchangesOnlyPolicyDoesNotApplyToQueues() {
        Queue queue = declare("q", Map.of());
        vhost.policies().put(policy("ae", ".*", ApplyTo.EXCHANGES, 0, Map.of("alternate-exchange", "lost")));

        assertThat(queue.effectiveSettings().policy()).isNull();
        Exchange exchange = vhost.declareExchange("orders", "direct", false, true, false, false, Map.of());
        assertThat(exchange.policy().name()).isEqualTo("ae");
        assertThat(exchange.alternateExchange()).isEqualTo("lost");
        assertThat(vhost.findExchange("amq.direct").alternateExchange()).isEqualTo("lost");
    }

    @Test
    void theAlternateExchangeArgumentWinsOverThePolicy() {
        Exchange exchange = vhost.declareExchange("orders", "direct", false, true, false, false,
                Map.of("alternate-exchange", "mine"));
        vhost.policies().put(policy("ae", ".*", ApplyTo.ALL, 0, Map.of("alternate-exchange", "lost")));

        assertThat(exchange.alternateExchange()).isEqualTo("mine");
        assertThat(exchange.policy().name()).isEqualTo("ae");
    }

    @Test
    void anOperatorPolicyCapsBothThePolicyAndTheArgument() {
        Queue queue = declare("capped", Map.of("x-max-length", 500L, "x-message-ttl", 10L));
        vhost.policies().put(policy("p", ".*", ApplyTo.ALL, 0, Map.of("max-length", 300, "message-ttl", 60_000,
                "overflow", "reject-publish")));
        vhost.policies().put(CompiledPolicy.operator("/", "cap", ".*", ApplyTo.QUEUES, 0,
                Map.of("max-length", 100, "overflow", "drop-head")));

        EffectiveQueueSettings settings = queue.effectiveSettings();
        assertThat(settings.operatorPolicy()).isEqualTo("cap");
        assertThat(settings.maxLength()).isEqualTo(100);
        assertThat(settings.messageTtl()).isEqualTo(10);
        assertThat(settings.overflow()).isEqualTo(Overflow.DROP_HEAD);
    }

    @Test
    void theDeadLetterExchangeArgumentWinsOverThePolicy() {
        Queue queue = declare("jobs", Map.of("x-dead-letter-exchange", "mine"));
        vhost.policies().put(policy("dlx", ".*", ApplyTo.ALL, 0,
                Map.of("dead-letter-exchange", "policy-dlx", "dead-letter-routing-key", "dead")));

        assertThat(queue.effectiveSettings().deadLetterExchange()).isEqualTo("mine");
        assertThat(queue.effectiveSettings().deadLetterRoutingKey()).isEqualTo("dead");
    }

    @Test
    void removingAPolicyReResolvesToTheNextOneOrToTheArguments() {
        Queue queue = declare("q", Map.of("x-max-length", 50L));
        vhost.policies().put(policy("strict", ".*", ApplyTo.ALL, 2, Map.of("max-length", 5)));
        vhost.policies().put(policy("loose", ".*", ApplyTo.ALL, 1, Map.of("max-length", 20)));
        assertThat(queue.effectiveSettings().maxLength()).isEqualTo(5);

        assertThat(vhost.policies().remove("strict", false)).isNotNull();
        assertThat(queue.effectiveSettings().policy()).isEqualTo("loose");
        assertThat(queue.effectiveSettings().maxLength()).isEqualTo(20);

        vhost.policies().remove("loose", false);
        assertThat(queue.effectiveSettings().policy()).isNull();
        assertThat(queue.effectiveSettings().maxLength()).isEqualTo(50);
        assertThat(vhost.policies().remove("loose", false)).isNull();
    }

    @Test
    void replacingAPolicyKeepsOnlyTheNewDefinition() {
        Queue queue = declare("q", Map.of());
        vhost.policies().put(policy("p", ".*", ApplyTo.ALL, 0, Map.of("max-length", 5)));
        CompiledPolicy previous = vhost.policies().put(policy("p", ".*", ApplyTo.ALL, 0, Map.of("expires", 1000)));

        assertThat(previous.definition()).containsEntry("max-length", 5);
        assertThat(queue.effectiveSettings().maxLength()).isEqualTo(EffectiveQueueSettings.NONE);
        assertThat(queue.effectiveSettings().expires()).isEqualTo(1000);
    }

    @Test
    void applyToQueueTypesFollowsXQueueType() {
        Queue classic = declare("a", Map.of());
        Queue quorum = declare("b", Map.of("x-queue-type", "quorum"));
        vhost.policies().put(policy("qq", ".*", ApplyTo.QUORUM_QUEUES, 0, Map.of("delivery-limit", 3)));

        assertThat(classic.effectiveSettings().deliveryLimit()).isEqualTo(EffectiveQueueSettings.NONE);
        assertThat(quorum.effectiveSettings().deliveryLimit()).isEqualTo(3);
    }

    @Test
    void concurrentChangesLeaveEveryQueueWithTheSettingsOfTheLatestTables() throws Exception {
        List<Queue> queues = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queues.add(declare("q" + i, Map.of()));
        }
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int round = 0; round < 50; round++) {
                    vhost.policies().put(policy("p" + id, ".*", ApplyTo.ALL, id, Map.of("max-length", round)));
                }
            });
            writer.start();
            writers.add(writer);
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }

        for (Queue queue : queues) {
            assertThat(queue.effectiveSettings().policy()).isEqualTo("p" + (threads - 1));
            assertThat(queue.effectiveSettings().maxLength()).isEqualTo(49);
        }
    }

    @Test
    void theBrokersConsumerTimeoutAppliesWhereNothingElseSetsOne() {
        Broker broker = new Broker(BrokerSettings.defaults());
        broker.useDefaultConsumerTimeout(1_800_000);
        VirtualHost host = broker.vhost("/");
        host.declareQueue("plain", false, new QueueSettings(true, false, false, Map.of()), OWNER);
        host.declareQueue("own", false, new QueueSettings(true, false, false, Map.of("x-consumer-timeout", 60_000L)),
                OWNER);

        assertThat(host.findQueue("plain").effectiveSettings().consumerTimeout()).isEqualTo(1_800_000);
        assertThat(host.findQueue("own").effectiveSettings().consumerTimeout()).isEqualTo(60_000);
        broker.createVhost("later").declareQueue("q", false, new QueueSettings(true, false, false, Map.of()), OWNER);
        assertThat(broker.vhost("later").findQueue("q").effectiveSettings().consumerTimeout()).isEqualTo(1_800_000);
    }

    @Test
    void aPolicyOfAnotherVhostIsRefused() {
        assertThatThrownBy(() -> vhost.policies().put(CompiledPolicy.of("other", "p", ".*", ApplyTo.ALL, 0,
                Map.of("max-length", 1)))).isInstanceOf(IllegalArgumentException.class);
    }

    private Queue declare(String name, Map<String, Object> arguments) {
        vhost.declareQueue(name, false, new QueueSettings(true, false, false, arguments), OWNER);
        return vhost.findQueue(name);
    }

    private static CompiledPolicy policy(String name, String pattern, ApplyTo applyTo, int priority,
                                         Map<String, Object> definition) {
        return CompiledPolicy.of("/", name, pattern, applyTo, priority, definition);
    }
}
