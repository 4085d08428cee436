package dev.spool.compat.spring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * What a restart must keep: the confirmed, persistent messages {@link ReconnectStep} sent to the durable queue
 * before restarting the broker are all still there afterwards, once each. Only meaningful on a broker that keeps
 * messages on disk; the runner skips it with {@code COMPAT_SKIP=durable} until Spool does.
 */
@Component
class DurableBacklogStep implements Step {

    private static final int MESSAGES = 5;

    private final AmqpAdmin admin;
    private final RabbitTemplate template;

    DurableBacklogStep(AmqpAdmin admin, RabbitTemplate template) {
        this.admin = admin;
        this.template = template;
    }

    @Override
    public String name() {
        return "durable-backlog";
    }

    static void publishBacklog(AmqpAdmin admin, Publishing publishing) throws Exception {
        admin.purgeQueue(Topology.DURABLE, false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add("backlog-" + i);
        }
        publishing.sendConfirmed("", Topology.DURABLE, ids);
    }

    @Override
    public String run() throws Exception {
        QueueInformation info = admin.getQueueInfo(Topology.DURABLE);
        if (info == null || info.getMessageCount() != MESSAGES) {
            throw new CheckFailure("durable queue after the restart: expected the " + MESSAGES
                    + " confirmed persistent messages, found " + info);
        }
        Ledger ledger = new Ledger(name());
        for (int i = 0; i < MESSAGES; i++) {
            ledger.expect("backlog-" + i);
        }
        Message message;
        while ((message = template.receive(Topology.DURABLE)) != null) {
            ledger.record(new String(message.getBody(), StandardCharsets.UTF_8));
        }
        ledger.verifyExactlyOnce();
        return MESSAGES + " confirmed persistent messages survived the restart, once each";
    }

    /** Empties the durable queue when the check itself is skipped. */
    void cleanUp() {
        admin.purgeQueue(Topology.DURABLE, false);
    }
}
