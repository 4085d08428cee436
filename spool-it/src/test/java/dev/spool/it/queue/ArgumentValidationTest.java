package dev.spool.it.queue;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad arguments on queue.declare, basic.consume and exchange.declare close the channel with 406 and RabbitMQ's text,
 * checked before the equivalence of a redeclaration; the management API refuses the same arguments with 400.
 */
class ArgumentValidationTest {
    private static final int PRECONDITION_FAILED = 406;
    private static final int EXCHANGE = 40;
    private static final int QUEUE = 50;
    private static final int BASIC = 60;
    private static final int DECLARE = 10;
    private static final int CONSUME = 20;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void aNegativeMaxLengthClosesTheChannelWith406() {
        Channel channel = broker.newChannel();

        AMQP.Channel.Close close = assertChannelError(() -> channel.queueDeclare("neg", true, false, false,
                Map.of("x-max-length", -1)), PRECONDITION_FAILED, QUEUE, DECLARE);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'neg'"
                + " in vhost '/': {value_negative,-1}");
        assertThat(broker.queue("neg")).isNull();
    }

    @Test
    void eachRabbitMqRuleHasItsText() {
        assertDeclareFails("ttl", Map.of("x-message-ttl", "soon"), "invalid arg 'x-message-ttl' for queue 'ttl' in"
                + " vhost '/': \"expected integer, got longstr\"");
        assertDeclareFails("exp", Map.of("x-expires", 0), "invalid arg 'x-expires' for queue 'exp' in vhost '/':"
                + " {value_zero,0}");
        assertDeclareFails("big", Map.of("x-message-ttl", 4_294_967_296L), "invalid arg 'x-message-ttl' for queue"
                + " 'big' in vhost '/': {value_too_big,4294967296}");
        assertDeclareFails("prio", Map.of("x-max-priority", 256), "invalid arg 'x-max-priority' for queue 'prio' in"
                + " vhost '/': {max_value_exceeded,256}");
        assertDeclareFails("ovf", Map.of("x-overflow", "explode"), "invalid arg 'x-overflow' for queue 'ovf' in"
                + " vhost '/': invalid_overflow");
        assertDeclareFails("dlrk", Map.of("x-dead-letter-routing-key", "k"), "invalid arg"
                + " 'x-dead-letter-routing-key' for queue 'dlrk' in vhost '/': routing_key_but_no_dlx_defined");
        assertDeclareFails("sac", Map.of("x-single-active-consumer", "yes"), "invalid arg"
                + " 'x-single-active-consumer' for queue 'sac' in vhost '/': {unacceptable_type,longstr}");
        assertDeclareFails("mode", Map.of("x-queue-mode", "turbo"), "invalid arg 'x-queue-mode' for queue 'mode' in"
                + " vhost '/': \"unsupported queue mode 'turbo'\"");
    }

    @Test
    void spoolsExtensionArgumentsAreValidatedToo() {
        assertDeclareFails("retry", Map.of("x-retry-delays", List.of()), "invalid arg 'x-retry-delays' for queue"
                + " 'retry' in vhost '/': {value_empty,[]}");
        assertDeclareFails("cache", Map.of("x-cache-size", 0), "invalid arg 'x-cache-size' for queue 'cache' in"
                + " vhost '/': {value_zero,0}");
        assertDeclareFails("limit", Map.of("x-delivery-limit", -3), "invalid arg 'x-delivery-limit' for queue"
                + " 'limit' in vhost '/': {value_negative,-3}");
    }

    @Test
    void validationComesBeforeTheEquivalenceCheck() throws Exception {
        String queue = broker.uniqueName("redeclared");
        broker.newChannel().queueDeclare(queue, true, false, false, Map.of("x-max-length", 10));

        assertDeclareFails(queue, Map.of("x-max-length", -5), "invalid arg 'x-max-length' for queue '" + queue
                + "' in vhost '/': {value_negative,-5}");
    }

    @Test
    void extensionArgumentsTakePartInTheEquivalenceCheck() throws Exception {
        String queue = broker.uniqueName("limited");
        broker.newChannel().queueDeclare(queue, true, false, false, Map.of("x-delivery-limit", 3));
        broker.newChannel().queueDeclare(queue, true, false, false, Map.of("x-delivery-limit", 3L));

        assertDeclareFails(queue, Map.of("x-delivery-limit", 4), "inequivalent arg 'x-delivery-limit' for queue '"
                + queue + "' in vhost '/': received the value '4' of type 'signedint' but current is the value '3'"
                + " of type 'signedint'");
    }

    @Test
    void aNonIntegerConsumerPriorityClosesTheChannel() throws Exception {
        String queue = broker.uniqueName("consumed");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, false, false, false, null);

        AMQP.Channel.Close close = assertChannelError(() -> channel.basicConsume(queue, false, "c", false, false,
                Map.of("x-priority", "high"), (tag, delivery) -> { }, tag -> { }), PRECONDITION_FAILED, BASIC,
                CONSUME);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid arg 'x-priority' for queue '"
                + queue + "' in vhost '/': \"expected integer, got longstr\"");
        assertThat(broker.existingQueue(queue).consumerCount()).isZero();
    }

    @Test
    void anAlternateExchangeThatIsNotAStringClosesTheChannel() {
        Channel channel = broker.newChannel();

        AMQP.Channel.Close close = assertChannelError(() -> channel.exchangeDeclare("odd-ae", "direct", true, false,
                Map.of("alternate-exchange", 42)), PRECONDITION_FAILED, EXCHANGE, DECLARE);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid type 'signedint' for arg"
                + " 'alternate-exchange' in exchange 'odd-ae' in vhost '/'");
    }

    @Test
    void theManagementApiRefusesTheSameArgumentsWith400() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + "/api/queues/%2F/http-neg"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"durable\":true,\"arguments\":{\"x-max-length\":-1}}"))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid arg 'x-max-length' for queue 'http-neg' in vhost '/':"
                + " {value_negative,-1}");
        assertThat(broker.queue("http-neg")).isNull();
    }

    private static void assertDeclareFails(String queue, Map<String, Object> arguments, String text) {
        Channel channel = broker.newChannel();
        AMQP.Channel.Close close = assertChannelError(() -> channel.queueDeclare(queue, true, false, false,
                arguments), PRECONDITION_FAILED, QUEUE, DECLARE);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - " + text);
    }
}
