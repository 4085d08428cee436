package dev.spool.it.features;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import com.rabbitmq.client.LongString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the feature tests: waiting for the broker to have taken publishes, draining by get. */
final class Queues {
    static final Duration WAIT = Duration.ofSeconds(5);

    private Queues() {
    }

    /** Waits until {@code queue} holds {@code ready} ready messages (publishes are asynchronous). */
    static void awaitReady(RunningBroker broker, String queue, int ready) {
        await().atMost(WAIT).until(() -> broker.existingQueue(queue).messageCount() == ready);
    }

    static void publish(Channel channel, String queue, String body) throws IOException {
        channel.basicPublish("", queue, null, bytes(body));
    }

    static void publish(Channel channel, String queue, String body, String expiration) throws IOException {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().expiration(expiration).build(), bytes(body));
    }

    /** Takes every ready message with basic.get (auto-ack), in order. */
    static List<GetResponse> drain(Channel channel, String queue) throws IOException {
        List<GetResponse> out = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            out.add(response);
        }
        return out;
    }

    static List<String> bodies(List<GetResponse> responses) {
        List<String> out = new ArrayList<>();
        for (GetResponse response : responses) {
            out.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A queue that dead-letters into {@code deadQueue} through the default exchange. */
    static Map<String, Object> deadLettersTo(String deadQueue) {
        return Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadQueue);
    }

    static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new java.util.HashMap<>(base);
        out.put(key, value);
        return out;
    }

    /** The first x-death entry of a dead-lettered message, long strings as strings. */
    static Map<String, Object> firstDeath(GetResponse response) {
        return deaths(response).get(0);
    }

    /** The x-death entries of a dead-lettered message, long strings as strings. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> deaths(GetResponse response) {
        return (List<Map<String, Object>>) plain(response.getProps().getHeaders().get("x-death"));
    }

    /** A header value with the client's long strings turned into strings (tables and arrays recursively). */
    static Object plain(Object value) {
        if (value instanceof LongString) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object element : list) {
                out.add(plain(element));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), plain(v)));
            return out;
        }
        return value;
    }

    /** A header of the message, long strings as strings. */
    static Object header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return headers == null ? null : plain(headers.get(name));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
