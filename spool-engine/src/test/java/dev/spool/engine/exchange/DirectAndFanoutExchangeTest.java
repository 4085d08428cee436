package dev.spool.engine.exchange;

import dev.spool.engine.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DirectAndFanoutExchangeTest {

    @Test
    void directRoutesOnRoutingKeyEquality() {
        Routes routes = new Routes(Exchange.create("d", Exchange.DIRECT, false, false, false, Map.of()));
        routes.bind("info", "info");
        routes.bind("errors", "error");
        routes.bind("all", "info");
        routes.bind("all", "error");
        assertThat(routes.route(Messages.message("info"))).containsExactlyInAnyOrder("info", "all");
        assertThat(routes.route(Messages.message("error"))).containsExactlyInAnyOrder("errors", "all");
        assertThat(routes.route(Messages.message("debug"))).isEmpty();
    }

    @Test
    void directBindingsDifferingOnlyInArgumentsAreDistinctButRouteOnce() {
        Exchange direct = Exchange.create("d", Exchange.DIRECT, false, false, false, Map.of());
        Routes routes = new Routes(direct);
        Binding plain = routes.bind("q", "k");
        routes.bind("q", "k", Map.of("tag", "x"));
        assertThat(direct.bindings()).hasSize(2);
        assertThat(routes.route(Messages.message("k"))).containsExactly("q");
        routes.unbind(plain);
        assertThat(routes.route(Messages.message("k"))).containsExactly("q");
    }

    @Test
    void bindingTwiceKeepsOneBinding() {
        Exchange direct = Exchange.create("d", Exchange.DIRECT, false, false, false, Map.of());
        Routes routes = new Routes(direct);
        Binding binding = routes.bind("q", "k");
        routes.bind("q", "k");
        assertThat(direct.bindings()).hasSize(1);
        routes.unbind(binding);
        assertThat(routes.route(Messages.message("k"))).isEmpty();
    }

    @Test
    void directRoutesEachCcAndBccKey() {
        Routes routes = new Routes(Exchange.create("d", Exchange.DIRECT, false, false, false, Map.of()));
        routes.bind("a", "a");
        routes.bind("b", "b");
        routes.bind("c", "c");
        assertThat(routes.route(Messages.withExtraRoutingKeys("a", List.of("c", "a"))))
                .containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void fanoutRoutesToEveryBindingWhateverTheKey() {
        Exchange fanout = Exchange.create("f", Exchange.FANOUT, false, false, false, Map.of());
        Routes routes = new Routes(fanout);
        routes.bind("a", "x");
        Binding b = routes.bind("b", "");
        assertThat(routes.route(Messages.message("anything"))).containsExactlyInAnyOrder("a", "b");
        routes.unbind(b);
        assertThat(routes.route(Messages.message("anything"))).containsExactly("a");
    }
}
