package dev.spool.compat.spring;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * The service's {@code @RabbitListener}s, each started by the step that needs it ({@code autoStartup = "false"}),
 * on listener container threads. Except the dead-letter one, they ack by hand after recording the message.
 */
@Component
class CompatListeners {

    private final Deliveries deliveries;
    private final AckGate gate;

    CompatListeners(Deliveries deliveries, AckGate gate) {
        this.deliveries = deliveries;
        this.gate = gate;
    }

    @RabbitListener(id = "work", queues = Topology.WORK, autoStartup = "false")
    void work(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        deliveries.record(Topology.WORK, body(message));
        if (message.getMessageProperties().isRedelivered()) {
            deliveries.problem("first delivery of " + body(message) + " flagged redelivered");
        }
        if (!gate.offer(channel, tag)) {
            channel.basicAck(tag, false);
        }
    }

    @RabbitListener(id = "confirms", queues = Topology.CONFIRMS, autoStartup = "false")
    void confirmed(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        deliveries.record(Topology.CONFIRMS, body(message));
        channel.basicAck(tag, false);
    }

    /** One listener on the three event queues; each message is recorded under the queue it came from. */
    @RabbitListener(id = "events", queues = {Topology.EVENTS_ALL, Topology.EVENTS_ORDERS, Topology.EVENTS_EU},
            autoStartup = "false")
    void event(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        deliveries.record(message.getMessageProperties().getConsumerQueue(), body(message));
        channel.basicAck(tag, false);
    }

    @RabbitListener(id = "after-restart", queues = Topology.AFTER_RESTART, autoStartup = "false")
    void afterRestart(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag)
            throws IOException {
        deliveries.record(Topology.AFTER_RESTART, body(message));
        channel.basicAck(tag, false);
    }

    /** Rejects jobs 0, 1, 3, 4, ... by throwing, as Spring services do; jobs 2, 5, 8, ... succeed. */
    @RabbitListener(id = "dl-work", queues = Topology.DL_WORK, autoStartup = "false",
            containerFactory = "autoAckContainerFactory")
    void deadLetterWork(Message message) {
        String id = body(message);
        deliveries.record(Topology.DL_WORK, id);
        if (Integer.parseInt(id.substring(id.indexOf('-') + 1)) % 3 != 2) {
            throw new AmqpRejectAndDontRequeueException("job " + id + " cannot be processed");
        }
    }

    @RabbitListener(id = "dlq", queues = Topology.DLQ, autoStartup = "false")
    void deadLetters(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag)
            throws IOException {
        String id = body(message);
        List<Map<String, ?>> deaths = message.getMessageProperties().getXDeathHeader();
        String death = deaths == null || deaths.isEmpty() ? "missing"
                : deaths.get(0).get("reason") + " " + deaths.get(0).get("queue") + " " + deaths.get(0).get("count");
        if (!death.equals("rejected " + Topology.DL_WORK + " 1")) {
            deliveries.problem(id + ": x-death " + death);
        }
        deliveries.record(Topology.DLQ, id);
        channel.basicAck(tag, false);
    }

    private static String body(Message message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }
}
