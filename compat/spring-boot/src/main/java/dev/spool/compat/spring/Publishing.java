package dev.spool.compat.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends through the {@code RabbitTemplate} with a {@link CorrelationData} per message and waits for every publisher
 * confirm, as a service that must not lose messages does. Called on the step's thread.
 */
@Component
class Publishing {

    private final RabbitTemplate template;
    private final List<ReturnedMessage> returns = new CopyOnWriteArrayList<>();

    Publishing(RabbitTemplate template) {
        this.template = template;
        template.setReturnsCallback(returns::add);
    }

    /** Sends each id as a persistent text message and fails unless every one is confirmed and none returned. */
    void sendConfirmed(String exchange, String routingKey, List<String> ids) throws Exception {
        List<CorrelationData> pending = new ArrayList<>(ids.size());
        for (String id : ids) {
            CorrelationData correlation = new CorrelationData(id);
            template.convertAndSend(exchange, routingKey, id, correlation);
            pending.add(correlation);
        }
        for (CorrelationData correlation : pending) {
            CorrelationData.Confirm confirm = correlation.getFuture().get(10, TimeUnit.SECONDS);
            if (!confirm.isAck()) {
                throw new CheckFailure("publish of " + correlation.getId() + " was nacked: " + confirm.getReason());
            }
            if (correlation.getReturned() != null) {
                throw new CheckFailure("publish of " + correlation.getId() + " was returned: "
                        + describe(correlation.getReturned()));
            }
        }
    }

    /**
     * Sends one mandatory message and returns its confirm and what came back with {@code basic.return}, as seen on
     * the correlation data and by the template's {@code ReturnsCallback}.
     */
    String sendUnroutable(String routingKey, String id) throws Exception {
        returns.clear();
        CorrelationData correlation = new CorrelationData(id);
        template.convertAndSend("", routingKey, id, correlation);
        CorrelationData.Confirm confirm = correlation.getFuture().get(10, TimeUnit.SECONDS);
        ReturnedMessage returned = correlation.getReturned();
        // The template calls its ReturnsCallback on another thread: it may come after the confirm.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (returns.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String callback = returns.size() == 1 ? "" : ", ReturnsCallback called " + returns.size() + " times";
        return (confirm.isAck() ? "ack" : "nack") + ", " + (returned == null ? "not returned" : describe(returned))
                + callback;
    }

    static String describe(ReturnedMessage returned) {
        return returned.getReplyCode() + " " + returned.getReplyText();
    }
}
