package dev.spool.compat.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * 200 messages sent with the {@code RabbitTemplate}, consumed by a {@code @RabbitListener} with manual acks and
 * prefetch 10: while the listener holds its acks the broker must stop at 10 deliveries; once acks flow every message
 * arrives exactly once, none flagged redelivered, and the queue ends empty.
 */
@Component
class PublishConsumeStep implements Step {

    private static final int MESSAGES = 200;
    private static final int PREFETCH = 10;

    private final Publishing publishing;
    private final AmqpAdmin admin;
    private final Listeners listeners;
    private final Deliveries deliveries;
    private final AckGate gate;

    PublishConsumeStep(Publishing publishing, AmqpAdmin admin, Listeners listeners, Deliveries deliveries,
                       AckGate gate) {
        this.publishing = publishing;
        this.admin = admin;
        this.listeners = listeners;
        this.deliveries = deliveries;
        this.gate = gate;
    }

    @Override
    public String name() {
        return "publish-consume";
    }

    @Override
    public String run() throws Exception {
        admin.purgeQueue(Topology.WORK, false);
        Ledger ledger = new Ledger(name());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add("work-" + i);
            ledger.expect("work-" + i);
        }
        deliveries.watch(Topology.WORK, ledger);
        publishing.sendConfirmed("", Topology.WORK, ids);

        gate.hold();
        listeners.start("work");
        if (!gate.awaitHeld(PREFETCH, Duration.ofSeconds(5))) {
            throw new CheckFailure("with prefetch " + PREFETCH + " and no ack, got only " + gate.held()
                    + " deliveries in 5 s");
        }
        Thread.sleep(300); // time for a broker that ignores the prefetch limit to send more
        if (gate.held() != PREFETCH) {
            throw new CheckFailure("prefetch " + PREFETCH + " not respected: " + gate.held() + " unacked deliveries");
        }
        gate.release();
        ledger.awaitAll(Duration.ofSeconds(15));
        Thread.sleep(200);
        ledger.verifyExactlyOnce();
        listeners.stop("work");
        deliveries.verifyNoProblems();
        QueueInformation info = admin.getQueueInfo(Topology.WORK);
        if (info == null || info.getMessageCount() != 0) {
            throw new CheckFailure("queue should be empty after every ack: " + info);
        }
        return MESSAGES + " confirmed messages delivered once each to a @RabbitListener, at most " + PREFETCH
                + " unacked with prefetch " + PREFETCH + ", queue empty after the acks";
    }
}
