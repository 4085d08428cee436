package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spool publish} and {@code spool get}: a message in through an exchange, messages out of a queue, through the
 * API's publish and get (so with write permission on the exchange, read permission on the queue).
 */
final class MessageCommands {
    /** Properties whose values are numbers in AMQP. */
    private static final Set<String> NUMERIC_PROPERTIES = Set.of("delivery_mode", "priority", "timestamp");

    private MessageCommands() {
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publishes one message; the body is the argument, or else standard input.")
    static final class Publish extends ApiCommand {
        @Option(names = {"-e", "--exchange"}, paramLabel = "<exchange>", defaultValue = "",
                description = "The exchange. Default: the default exchange.")
        String exchange;

        @Option(names = {"-k", "--routing-key"}, paramLabel = "<key>", defaultValue = "",
                description = "The routing key (for the default exchange: the queue's name).")
        String routingKey;

        @Option(names = "--property", paramLabel = "<name=value>",
                description = "A property, repeatable: content_type, delivery_mode (2: persistent), priority,"
                        + " correlation_id, reply_to, expiration, message_id, timestamp, type, user_id, app_id.")
        Map<String, String> properties = new LinkedHashMap<>();

        @Option(names = {"-H", "--header"}, paramLabel = "<name=value>", description = "A header, repeatable.")
        Map<String, String> headers = new LinkedHashMap<>();

        @Parameters(index = "0", arity = "0..1", paramLabel = "<body>",
                description = "The message body; read from standard input when absent.")
        String body;

        /** Where the body comes from without an argument. */
        InputStream stdin = System.in;

        @Override
        void run(ApiClient client) {
            byte[] payload = body != null ? body.getBytes(StandardCharsets.UTF_8) : readStdin();
            Map<String, Object> props = new LinkedHashMap<>();
            for (Map.Entry<String, String> p : properties.entrySet()) {
                props.put(p.getKey(), NUMERIC_PROPERTIES.contains(p.getKey()) ? number(p.getKey(), p.getValue())
                        : p.getValue());
            }
            if (!headers.isEmpty()) {
                props.put("headers", new LinkedHashMap<>(headers));
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("properties", props);
            request.put("routing_key", routingKey);
            String text = new String(payload, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), payload)) {
                request.put("payload", text);
                request.put("payload_encoding", "string");
            } else {
                request.put("payload", Base64.getEncoder().encodeToString(payload));
                request.put("payload_encoding", "base64");
            }
            String name = exchange.isEmpty() ? "amq.default" : exchange;
            JsonNode answer = client.post("/api/exchanges/" + vhostSegment() + "/" + ApiClient.segment(name)
                    + "/publish", request, describe("exchange", name));
            boolean routed = answer.path("routed").asBoolean();
            done(routed ? "published, routed" : "published, but not routed: no queue is bound for routing key '"
                    + routingKey + "'", answer);
        }

        private byte[] readStdin() {
            try {
                return stdin.readAllBytes();
            } catch (IOException e) {
                throw new CliFailure("cannot read the body from standard input: " + e.getMessage());
            }
        }

        private static long number(String property, String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new CliFailure("--property " + property + " must be a number, got '" + value + "'");
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Takes messages from a queue and acknowledges, requeues or rejects them as --ack-mode says.")
    static final class Get extends ApiCommand {
        private static final List<String> ACK_MODES = List.of("ack_requeue_true", "ack_requeue_false",
                "reject_requeue_true", "reject_requeue_false");

        @Parameters(index = "0", paramLabel = "<queue>", description = "The queue's name.")
        String queue;

        @Option(names = {"-c", "--count"}, paramLabel = "<n>", defaultValue = "1",
                description = "How many messages at most. Default: ${DEFAULT-VALUE}.")
        int count;

        @Option(names = "--ack-mode", paramLabel = "<mode>", defaultValue = "ack_requeue_true",
                description = "ack_requeue_true (put them back; the default), ack_requeue_false (remove them),"
                        + " reject_requeue_true, reject_requeue_false (dead-letter them).")
        String ackMode;

        @Option(names = "--truncate", paramLabel = "<bytes>", description = "Show at most this many payload bytes.")
        Integer truncate;

        @Override
        void run(ApiClient client) {
            if (!ACK_MODES.contains(ackMode)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--ack-mode must be one of " + String.join(", ", ACK_MODES) + ", got '" + ackMode + "'");
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("count", count);
            request.put("ackmode", ackMode);
            request.put("encoding", "auto");
            if (truncate != null) {
                request.put("truncate", truncate);
            }
            JsonNode messages = client.post("/api/queues/" + vhostSegment() + "/" + ApiClient.segment(queue)
                    + "/get", request, describe("queue", queue));
            if (api.json) {
                printJson(messages);
                return;
            }
            if (messages.isEmpty()) {
                out().println("queue '" + queue + "' has no ready message");
                return;
            }
            Messages.table(messages, false).print(out(), false);
        }
    }
}
