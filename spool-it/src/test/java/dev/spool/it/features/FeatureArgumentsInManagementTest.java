package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.publish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/queues shows a queue's feature arguments exactly as declared, while the features act on its messages. */
class FeatureArgumentsInManagementTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void argumentsAreReportedAsDeclared() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("args");
        channel.queueDeclare(queue, true, false, false, Map.of("x-max-length", 1, "x-overflow", "drop-head",
                "x-message-ttl", 600_000, "x-dead-letter-exchange", "", "x-delivery-limit", 3));
        publish(channel, queue, "dropped");
        publish(channel, queue, "kept");
        awaitReady(broker, queue, 1);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(broker.httpUrl() + "/api/queues/%2F/" + queue))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode arguments = new ObjectMapper().readTree(response.body()).get("arguments");
        assertThat(arguments.get("x-max-length").asLong()).isEqualTo(1);
        assertThat(arguments.get("x-overflow").asText()).isEqualTo("drop-head");
        assertThat(arguments.get("x-message-ttl").asLong()).isEqualTo(600_000);
        assertThat(arguments.get("x-dead-letter-exchange").asText()).isEmpty();
        assertThat(arguments.get("x-delivery-limit").asLong()).isEqualTo(3);
        assertThat(arguments.size()).isEqualTo(5);
    }
}
