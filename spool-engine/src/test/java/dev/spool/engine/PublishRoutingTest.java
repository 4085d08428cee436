package dev.spool.engine;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class PublishRoutingTest {
    private final VirtualHost vhost = new VirtualHost("/");
    private final PublishScratch scratch = new PublishScratch(null);

    private void queues(String... names) {
        for (String name : names) {
            vhost.declareQueue(name, false, new QueueSettings(false, false, false, Map.of()), "c");
        }
    }

    private void exchange(String name, String type, Map<String, Object> args) {
        vhost.declareExchange(name, type, false, false, false, false, args);
    }

    private List<String> publish(String exchange, Message message) {
        int routed = vhost.publish(exchange, message, scratch, 0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < scratch.routed().size(); i++) {
            names.add(scratch.routed().get(i).name());
        }
        assertThat(names).hasSize(routed);
        return names;
    }

    @Test
    void defaultExchangeRoutesToTheQueueNamedByTheRoutingKey() {
        queues("a", "b");
        assertThat(publish("", Messages.message("a"))).containsExactly("a");
        assertThat(publish("", Messages.message("nope"))).isEmpty();
        assertThat(vhost.findQueue("a").messageCount()).isEqualTo(1);
    }

    @Test
    void defaultExchangeCannotBeBoundOrUnbound() {
        queues("a");
        assertFails(() -> vhost.bindQueue("a", "", "a", Map.of(), "c"), ErrorCondition.ACCESS_REFUSED,
                "operation not permitted on the default exchange");
        assertFails(() -> vhost.unbindQueue("a", "", "a", Map.of(), "c"), ErrorCondition.ACCESS_REFUSED,
                "operation not permitted on the default exchange");
        assertFails(() -> vhost.bindExchange("amq.direct", "", "k", Map.of()), ErrorCondition.ACCESS_REFUSED,
                "operation not permitted on the default exchange");
        assertFails(() -> vhost.bindExchange("", "amq.direct", "k", Map.of()), ErrorCondition.ACCESS_REFUSED,
                "operation not permitted on the default exchange");
    }

    @Test
    void publishingToAMissingExchangeIsNotFound() {
        assertFails(() -> vhost.publish("nope", Messages.message("k"), scratch, 0), ErrorCondition.NOT_FOUND,
                "no exchange 'nope' in vhost '/'");
    }

    @Test
    void publishingToAnInternalExchangeIsRefused() {
        vhost.declareExchange("inner", "fanout", false, false, false, true, Map.of());
        assertFails(() -> vhost.publish("inner", Messages.message("k"), scratch, 0), ErrorCondition.ACCESS_REFUSED,
                "cannot publish to internal exchange 'inner' in vhost '/'");
    }

    @Test
    void internalExchangeStillReceivesThroughExchangeBindings() {
        queues("q");
        vhost.declareExchange("inner", "fanout", false, false, false, true, Map.of());
        vhost.bindExchange("inner", "amq.fanout", "", Map.of());
        vhost.bindQueue("q", "inner", "", Map.of(), "c");
        assertThat(publish("amq.fanout", Messages.message("k"))).containsExactly("q");
    }

    @Test
    void unroutableMessageRoutesToNoQueue() {
        assertThat(vhost.publish("amq.direct", Messages.message("nobody"), scratch, 0)).isZero();
    }

    @Test
    void exchangeToExchangeBindingsChain() {
        queues("q1", "q2");
        exchange("a", "topic", Map.of());
        exchange("b", "direct", Map.of());
        vhost.bindExchange("b", "a", "orders.#", Map.of());
        vhost.bindQueue("q1", "a", "orders.new", Map.of(), "c");
        vhost.bindQueue("q2", "b", "orders.new", Map.of(), "c");
        assertThat(publish("a", Messages.message("orders.new"))).containsExactlyInAnyOrder("q1", "q2");
        assertThat(publish("a", Messages.message("orders.old"))).isEmpty();
    }

    @Test
    void exchangeBindingCyclesEndAndEachQueueGetsTheMessageOnce() {
        queues("q");
        exchange("a", "fanout", Map.of());
        exchange("b", "fanout", Map.of());
        vhost.bindExchange("b", "a", "", Map.of());
        vhost.bindExchange("a", "b", "", Map.of());
        vhost.bindExchange("a", "a", "", Map.of());
        vhost.bindQueue("q", "a", "", Map.of(), "c");
        vhost.bindQueue("q", "b", "", Map.of(), "c");
        assertThat(publish("a", Messages.message("k"))).containsExactly("q");
        assertThat(vhost.findQueue("q").messageCount()).isEqualTo(1);
    }

    @Test
    void alternateExchangeTakesWhatNothingElseMatched() {
        queues("matched", "unrouted");
        exchange("ae", "fanout", Map.of());
        exchange("main", "direct", Map.of("alternate-exchange", "ae"));
        vhost.bindQueue("unrouted", "ae", "", Map.of(), "c");
        vhost.bindQueue("matched", "main", "known", Map.of(), "c");
        assertThat(publish("main", Messages.message("known"))).containsExactly("matched");
        assertThat(publish("main", Messages.message("unknown"))).containsExactly("unrouted");
    }

    @Test
    void missingAlternateExchangeLeavesTheMessageUnroutable() {
        exchange("main", "direct", Map.of("alternate-exchange", "not-declared"));
        assertThat(publish("main", Messages.message("k"))).isEmpty();
    }

    @Test
    void alternateExchangesChainAndStopOnCycles() {
        queues("last");
        exchange("ae2", "direct", Map.of("alternate-exchange", "main"));
        exchange("ae1", "direct", Map.of("alternate-exchange", "ae2"));
        exchange("main", "direct", Map.of("alternate-exchange", "ae1"));
        assertThat(publish("main", Messages.message("k"))).isEmpty();
        vhost.bindQueue("last", "ae2", "k", Map.of(), "c");
        assertThat(publish("main", Messages.message("k"))).containsExactly("last");
    }

    @Test
    void ccAndBccKeysRouteToMoreQueues() {
        queues("to", "cc", "bcc");
        Message message = Messages.withExtraRoutingKeys("to", List.of("cc", "bcc", "to"));
        assertThat(publish("", message)).containsExactlyInAnyOrder("to", "cc", "bcc");
        vhost.bindQueue("cc", "amq.direct", "x", Map.of(), "c");
        assertThat(publish("amq.direct", Messages.withExtraRoutingKeys("nothing", List.of("x")))).containsExactly("cc");
    }

    @Test
    void bindingToAMissingExchangeOrQueueIsNotFoundExchangeFirst() {
        queues("q");
        assertFails(() -> vhost.bindQueue("nope", "missing", "k", Map.of(), "c"), ErrorCondition.NOT_FOUND,
                "no exchange 'missing' in vhost '/'");
        assertFails(() -> vhost.bindQueue("nope", "amq.direct", "k", Map.of(), "c"), ErrorCondition.NOT_FOUND,
                "no queue 'nope' in vhost '/'");
        assertFails(() -> vhost.bindExchange("amq.direct", "missing", "k", Map.of()), ErrorCondition.NOT_FOUND,
                "no exchange 'missing' in vhost '/'");
        assertFails(() -> vhost.bindExchange("missing", "amq.direct", "k", Map.of()), ErrorCondition.NOT_FOUND,
                "no exchange 'missing' in vhost '/'");
    }

    @Test
    void unbindingWhatIsNotBoundSucceeds() {
        queues("q");
        vhost.unbindQueue("q", "amq.direct", "never", Map.of(), "c");
        vhost.unbindQueue("missing", "amq.direct", "k", Map.of(), "c");
        vhost.unbindQueue("q", "missing", "k", Map.of(), "c");
        vhost.unbindExchange("amq.fanout", "amq.direct", "k", Map.of());
        vhost.unbindExchange("amq.fanout", "missing", "k", Map.of());
    }

    @Test
    void bindingTwiceIsOneBinding() {
        queues("q");
        vhost.bindQueue("q", "amq.direct", "k", Map.of(), "c");
        vhost.bindQueue("q", "amq.direct", "k", null, "c");
        assertThat(vhost.findExchange("amq.direct").bindings()).hasSize(1);
        vhost.unbindQueue("q", "amq.direct", "k", Map.of(), "c");
        assertThat(publish("amq.direct", Messages.message("k"))).isEmpty();
    }

    @Test
    void invalidHeadersBindingIsAPreconditionFailure() {
        queues("q");
        assertFails(() -> vhost.bindQueue("q", "amq.headers", "", Map.of("x-match", "most"), "c"),
                ErrorCondition.PRECONDITION_FAILED,
                "Invalid x-match field value <<\"most\">>; expected all, any, all-with-x, or any-with-x");
    }

    @Test
    void headersExchangeRoutesThroughTheVhost() {
        queues("q");
        vhost.bindQueue("q", "amq.match", "", Map.of("x-match", "any", "a", 1, "b", 2), "c");
        assertThat(publish("amq.match", Messages.withHeaders(Map.of("b", 2L)))).containsExactly("q");
    }

    @Test
    void bindingsListTheDefaultExchangesImplicitOnesAndTheExplicitOnes() {
        queues("q");
        vhost.bindQueue("q", "amq.topic", "a.#", Map.of(), "c");
        assertThat(vhost.bindings()).extracting(b -> b.source() + "->" + b.destination() + ":" + b.routingKey())
                .containsExactly("->q:q", "amq.topic->q:a.#");
    }
}
