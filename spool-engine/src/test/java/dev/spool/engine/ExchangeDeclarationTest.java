package dev.spool.engine;

import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class ExchangeDeclarationTest {
    private final VirtualHost vhost = new VirtualHost("/");

    private Exchange declare(String name, String type, boolean durable, boolean autoDelete, boolean internal,
                             Map<String, Object> args) {
        return vhost.declareExchange(name, type, false, durable, autoDelete, internal, args);
    }

    @ParameterizedTest
    @CsvSource({"amq.direct,direct", "amq.fanout,fanout", "amq.topic,topic", "amq.headers,headers",
        "amq.match,headers", "'',direct"})
    void everyVhostHasTheDefaultAndPredeclaredExchanges(String name, String type) {
        Exchange exchange = vhost.findExchange(name);
        assertThat(exchange).isNotNull();
        assertThat(exchange.type()).isEqualTo(type);
        assertThat(exchange.durable()).isTrue();
        assertThat(exchange.autoDelete()).isFalse();
        assertThat(exchange.internal()).isFalse();
    }

    @Test
    void redeclaringAnExchangeWithTheSamePropertiesReturnsIt() {
        Exchange first = declare("x", "topic", true, false, false, Map.of());
        assertThat(declare("x", "topic", true, false, false, Map.of())).isSameAs(first);
        assertThat(declare("amq.direct", "direct", true, false, false, Map.of()))
                .isSameAs(vhost.findExchange("amq.direct"));
    }

    @Test
    void redeclaringWithAnotherTypeFailsWithInequivalentArg() {
        declare("x", "direct", false, false, false, Map.of());
        assertFails(() -> declare("x", "fanout", false, false, false, Map.of()), ErrorCondition.PRECONDITION_FAILED,
                "inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'");
    }

    @Test
    void redeclaringAPredeclaredExchangeWithOtherPropertiesFails() {
        assertFails(() -> declare("amq.direct", "direct", false, false, false, Map.of()),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'durable' for exchange 'amq.direct' in vhost"
                        + " '/': received 'false' but current is 'true'");
    }

    @Test
    void redeclaringWithOtherFlagsNamesTheFlag() {
        declare("x", "direct", true, false, false, Map.of());
        assertFails(() -> declare("x", "direct", true, true, false, Map.of()), ErrorCondition.PRECONDITION_FAILED,
                "inequivalent arg 'auto_delete' for exchange 'x' in vhost '/': received 'true' but current is"
                        + " 'false'");
        assertFails(() -> declare("x", "direct", true, false, true, Map.of()), ErrorCondition.PRECONDITION_FAILED,
                "inequivalent arg 'internal' for exchange 'x' in vhost '/': received 'true' but current is 'false'");
    }

    @Test
    void redeclaringWithAnotherAlternateExchangeFails() {
        declare("x", "direct", false, false, false, Map.of("alternate-exchange", "ae1"));
        assertFails(() -> declare("x", "direct", false, false, false, Map.of("alternate-exchange", "ae2")),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'alternate-exchange' for exchange 'x' in vhost"
                        + " '/': received the value 'ae2' of type 'longstr' but current is the value 'ae1' of type"
                        + " 'longstr'");
        assertFails(() -> declare("x", "direct", false, false, false, Map.of()),
                ErrorCondition.PRECONDITION_FAILED, "inequivalent arg 'alternate-exchange' for exchange 'x' in vhost"
                        + " '/': received none but current is the value 'ae1' of type 'longstr'");
    }

    @Test
    void otherExchangeArgumentsAreNotCompared() {
        Exchange first = declare("x", "direct", false, false, false, Map.of("x-custom", 1));
        assertThat(declare("x", "direct", false, false, false, Map.of("x-custom", 2))).isSameAs(first);
    }

    @Test
    void passiveDeclareOfAMissingExchangeIsNotFound() {
        assertFails(() -> vhost.declareExchange("nope", "direct", true, false, false, false, Map.of()),
                ErrorCondition.NOT_FOUND, "no exchange 'nope' in vhost '/'");
    }

    @Test
    void passiveDeclareIgnoresTypeAndFlags() {
        Exchange x = declare("x", "topic", true, false, false, Map.of());
        assertThat(vhost.declareExchange("x", "whatever", true, false, true, false, null)).isSameAs(x);
    }

    @Test
    void unknownExchangeTypeIsACommandInvalid() {
        assertFails(() -> declare("x", "foo", false, false, false, Map.of()), ErrorCondition.COMMAND_INVALID,
                "invalid exchange type 'foo'");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void declaringTheDefaultExchangeIsRefused(boolean passive) {
        assertFails(() -> vhost.declareExchange("", "direct", passive, true, false, false, Map.of()),
                ErrorCondition.ACCESS_REFUSED, "operation not permitted on the default exchange");
    }

    @Test
    void declaringANewAmqExchangeIsRefused() {
        assertFails(() -> declare("amq.custom", "direct", false, false, false, Map.of()),
                ErrorCondition.ACCESS_REFUSED, "exchange name 'amq.custom' contains reserved prefix 'amq.*'");
    }

    @Test
    void deletingTheDefaultExchangeIsRefused() {
        assertFails(() -> vhost.deleteExchange("", false), ErrorCondition.ACCESS_REFUSED,
                "operation not permitted on the default exchange");
    }

    @Test
    void deletingAnAmqExchangeIsRefused() {
        assertFails(() -> vhost.deleteExchange("amq.direct", false), ErrorCondition.ACCESS_REFUSED,
                "deletion of system exchange 'amq.direct' in vhost '/' not allowed");
        assertThat(vhost.findExchange("amq.direct")).isNotNull();
    }

    @Test
    void deletingAMissingExchangeSucceeds() {
        vhost.deleteExchange("never-declared", true);
    }

    @Test
    void deleteIfUnusedRefusesAnExchangeThatIsASource() {
        declare("x", "direct", false, false, false, Map.of());
        vhost.declareQueue("q", false, new QueueSettings(false, false, false, Map.of()), "c");
        vhost.bindQueue("q", "x", "k", Map.of(), "c");
        assertFails(() -> vhost.deleteExchange("x", true), ErrorCondition.PRECONDITION_FAILED,
                "exchange 'x' in vhost '/' in use");
        vhost.unbindQueue("q", "x", "k", Map.of(), "c");
        vhost.deleteExchange("x", true);
        assertThat(vhost.findExchange("x")).isNull();
    }

    @Test
    void deleteIfUnusedIgnoresBindingsWhereTheExchangeIsTheDestination() {
        declare("src", "fanout", false, false, false, Map.of());
        declare("dst", "fanout", false, false, false, Map.of());
        vhost.bindExchange("dst", "src", "", Map.of());
        vhost.deleteExchange("dst", true);
        assertThat(vhost.findExchange("dst")).isNull();
        assertThat(vhost.findExchange("src").hasBindings()).isFalse();
    }

    @Test
    void deletingAnExchangeRemovesItsBindingsBothWays() {
        declare("up", "fanout", false, false, false, Map.of());
        declare("mid", "fanout", false, false, false, Map.of());
        vhost.declareQueue("q", false, new QueueSettings(false, false, false, Map.of()), "c");
        vhost.bindExchange("mid", "up", "", Map.of());
        vhost.bindQueue("q", "mid", "", Map.of(), "c");
        vhost.deleteExchange("mid", false);
        assertThat(vhost.findExchange("up").bindings()).isEmpty();
        assertThat(vhost.bindings()).extracting(b -> b.source()).containsOnly("");
    }

    @Test
    void autoDeleteExchangeGoesWhenItsLastBindingIsRemoved() {
        declare("ad", "direct", false, true, false, Map.of());
        vhost.declareQueue("q", false, new QueueSettings(false, false, false, Map.of()), "c");
        assertThat(vhost.findExchange("ad")).as("never bound: stays").isNotNull();
        vhost.bindQueue("q", "ad", "a", Map.of(), "c");
        vhost.bindQueue("q", "ad", "b", Map.of(), "c");
        vhost.unbindQueue("q", "ad", "a", Map.of(), "c");
        assertThat(vhost.findExchange("ad")).isNotNull();
        vhost.unbindQueue("q", "ad", "b", Map.of(), "c");
        assertThat(vhost.findExchange("ad")).isNull();
    }

    @Test
    void autoDeleteExchangeGoesWhenTheQueueItFedIsDeleted() {
        declare("ad", "fanout", false, true, false, Map.of());
        vhost.declareQueue("q", false, new QueueSettings(false, false, false, Map.of()), "c");
        vhost.bindQueue("q", "ad", "", Map.of(), "c");
        vhost.deleteQueue("q", false, false, "c");
        assertThat(vhost.findExchange("ad")).isNull();
    }

    @Test
    void autoDeleteCascadesThroughExchangeToExchangeBindings() {
        declare("top", "fanout", false, true, false, Map.of());
        declare("middle", "fanout", false, true, false, Map.of());
        declare("bottom", "fanout", false, false, false, Map.of());
        vhost.bindExchange("middle", "top", "", Map.of());
        vhost.bindExchange("bottom", "middle", "", Map.of());
        vhost.deleteExchange("bottom", false);
        assertThat(vhost.findExchange("middle")).as("lost its only binding").isNull();
        assertThat(vhost.findExchange("top")).as("lost its only binding in turn").isNull();
    }
}
