package dev.spool.compat.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.stereotype.Component;

/**
 * Dead-lettering the Spring way: a work queue declared with {@code x-dead-letter-exchange}, a listener with
 * automatic acks that throws {@code AmqpRejectAndDontRequeueException} for jobs it cannot do; the dead-letter queue
 * gets each rejected job exactly once with an {@code x-death} header saying {@code rejected}, and none of the jobs
 * that succeeded. Declared here, not as beans, so a broker without dead-lettering never sees the argument.
 */
@Component
class DeadLetterStep implements Step {

    private static final int MESSAGES = 30;

    private final Publishing publishing;
    private final AmqpAdmin admin;
    private final Listeners listeners;
    private final Deliveries deliveries;

    DeadLetterStep(Publishing publishing, AmqpAdmin admin, Listeners listeners, Deliveries deliveries) {
        this.publishing = publishing;
        this.admin = admin;
        this.listeners = listeners;
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return "dead-letter";
    }

    @Override
    public String run() throws Exception {
        admin.deleteQueue(Topology.DL_WORK);
        admin.deleteQueue(Topology.DLQ);
        admin.deleteExchange(Topology.DLX);
        FanoutExchange exchange = new FanoutExchange(Topology.DLX, false, false);
        Queue dead = new Queue(Topology.DLQ, false);
        admin.declareExchange(exchange);
        admin.declareQueue(dead);
        admin.declareBinding(BindingBuilder.bind(dead).to(exchange));
        admin.declareQueue(new Queue(Topology.DL_WORK, false, false, false,
                Map.of("x-dead-letter-exchange", Topology.DLX)));

        Ledger work = new Ledger("work queue");
        Ledger letters = new Ledger("dead-letter queue");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String id = "job-" + i;
            ids.add(id);
            work.expect(id);
            if (i % 3 != 2) {
                letters.expect(id);
            }
        }
        deliveries.watch(Topology.DL_WORK, work);
        deliveries.watch(Topology.DLQ, letters);
        publishing.sendConfirmed("", Topology.DL_WORK, ids);
        listeners.start("dl-work");
        listeners.start("dlq");
        try {
            work.awaitAll(Duration.ofSeconds(10));
            letters.awaitAll(Duration.ofSeconds(10));
            Thread.sleep(200);
            work.verifyExactlyOnce();
            letters.verifyExactlyOnce();
            deliveries.verifyNoProblems();
        } finally {
            listeners.stop("dl-work");
            listeners.stop("dlq");
        }
        admin.deleteQueue(Topology.DL_WORK);
        admin.deleteQueue(Topology.DLQ);
        admin.deleteExchange(Topology.DLX);
        return "20 of " + MESSAGES + " jobs rejected by AmqpRejectAndDontRequeueException were dead-lettered once "
                + "each with x-death 'rejected'; the 10 that succeeded were not";
    }
}
