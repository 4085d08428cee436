package dev.spool.compat.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.stereotype.Component;

/**
 * A topic exchange fanning events out to the three queues {@link Topology} binds: {@code all} ({@code #}),
 * {@code orders} ({@code order.*}) and {@code eu} ({@code *.*.eu} and {@code order.#.eu}). Each queue's listener
 * must get exactly the events its patterns match, once each even when two of its bindings match.
 */
@Component
class TopicFanoutStep implements Step {

    private static final int PER_KEY = 10;

    /** Routing key -> the queues it must reach. */
    private static final Map<String, List<String>> ROUTES = Map.of(
            "order.created", List.of(Topology.EVENTS_ALL, Topology.EVENTS_ORDERS),
            "order.created.eu", List.of(Topology.EVENTS_ALL, Topology.EVENTS_EU),
            "payment.done.eu", List.of(Topology.EVENTS_ALL, Topology.EVENTS_EU),
            "order.shipped.us", List.of(Topology.EVENTS_ALL),
            "order", List.of(Topology.EVENTS_ALL),
            "audit", List.of(Topology.EVENTS_ALL));

    private final Publishing publishing;
    private final AmqpAdmin admin;
    private final Listeners listeners;
    private final Deliveries deliveries;

    TopicFanoutStep(Publishing publishing, AmqpAdmin admin, Listeners listeners, Deliveries deliveries) {
        this.publishing = publishing;
        this.admin = admin;
        this.listeners = listeners;
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return "topic-fanout";
    }

    @Override
    public String run() throws Exception {
        Map<String, Ledger> ledgers = Map.of(
                Topology.EVENTS_ALL, new Ledger("queue all"),
                Topology.EVENTS_ORDERS, new Ledger("queue orders"),
                Topology.EVENTS_EU, new Ledger("queue eu"));
        for (Map.Entry<String, Ledger> entry : ledgers.entrySet()) {
            admin.purgeQueue(entry.getKey(), false);
            deliveries.watch(entry.getKey(), entry.getValue());
        }
        listeners.start("events");
        try {
            for (Map.Entry<String, List<String>> route : ROUTES.entrySet()) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < PER_KEY; i++) {
                    String id = route.getKey() + "#" + i;
                    ids.add(id);
                    for (String queue : route.getValue()) {
                        ledgers.get(queue).expect(id);
                    }
                }
                publishing.sendConfirmed(Topology.EVENTS, route.getKey(), ids);
            }
            for (Ledger ledger : ledgers.values()) {
                ledger.awaitAll(Duration.ofSeconds(10));
            }
            Thread.sleep(200);
            for (Ledger ledger : ledgers.values()) {
                ledger.verifyExactlyOnce();
            }
            deliveries.verifyNoProblems();
        } finally {
            listeners.stop("events");
        }
        return ROUTES.size() * PER_KEY + " events through a topic exchange reached exactly the queues their keys "
                + "match (#, order.*, *.*.eu + order.#.eu), once each";
    }
}
