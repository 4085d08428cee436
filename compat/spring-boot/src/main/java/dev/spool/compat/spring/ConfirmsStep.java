package dev.spool.compat.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * Publisher confirms and returns through the {@code RabbitTemplate} ({@code publisher-confirm-type=correlated},
 * {@code publisher-returns}, {@code mandatory}): 500 persistent messages all confirmed and all in the queue, then
 * consumed once each; a mandatory message nobody can route is returned with 312 NO_ROUTE and still confirmed.
 */
@Component
class ConfirmsStep implements Step {

    private static final int MESSAGES = 500;

    private final Publishing publishing;
    private final AmqpAdmin admin;
    private final Listeners listeners;
    private final Deliveries deliveries;

    ConfirmsStep(Publishing publishing, AmqpAdmin admin, Listeners listeners, Deliveries deliveries) {
        this.publishing = publishing;
        this.admin = admin;
        this.listeners = listeners;
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return "confirms";
    }

    @Override
    public String run() throws Exception {
        admin.purgeQueue(Topology.CONFIRMS, false);
        Ledger ledger = new Ledger(name());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add("confirmed-" + i);
            ledger.expect("confirmed-" + i);
        }
        publishing.sendConfirmed("", Topology.CONFIRMS, ids);
        String unroutable = publishing.sendUnroutable(Topology.NOWHERE, "unroutable");
        if (!unroutable.equals("ack, 312 NO_ROUTE")) {
            throw new CheckFailure("mandatory unroutable publish: expected 'ack, 312 NO_ROUTE', got '"
                    + unroutable + "'");
        }
        QueueInformation info = admin.getQueueInfo(Topology.CONFIRMS);
        if (info == null || info.getMessageCount() != MESSAGES) {
            throw new CheckFailure("queue should hold the " + MESSAGES + " confirmed messages: " + info);
        }
        deliveries.watch(Topology.CONFIRMS, ledger);
        listeners.start("confirms");
        try {
            ledger.awaitAll(Duration.ofSeconds(15));
            Thread.sleep(200);
            ledger.verifyExactlyOnce();
            deliveries.verifyNoProblems();
        } finally {
            listeners.stop("confirms");
        }
        return MESSAGES + " persistent publishes confirmed and consumed once each; mandatory unroutable publish "
                + "returned 312 NO_ROUTE and confirmed";
    }
}
