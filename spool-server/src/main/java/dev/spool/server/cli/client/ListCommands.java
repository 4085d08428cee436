package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code spool queues|exchanges|bindings|connections|consumers list}: one table each, sorted by name, or the API's
 * JSON with {@code --json}. Each family is a parent command with a single {@code list} subcommand, so that more verbs
 * can join later without changing the shape of the command line.
 */
final class ListCommands {
    private ListCommands() {
    }

    /** Lists of things in a virtual host (queues, exchanges, bindings, consumers) or broker-wide (connections). */
    abstract static class ListCommand extends ApiCommand {
        /** The API path to list. */
        abstract String path();

        /** The table for the API's items. */
        abstract Table table(JsonNode items);

        @Override
        final void run(ApiClient client) {
            JsonNode items = client.get(path(), "vhost '" + api.vhost + "'");
            if (api.json) {
                printJson(items);
                return;
            }
            table(items).print(out());
        }
    }

    @Command(name = "queues", description = "Queues of a virtual host.", subcommands = QueuesList.class,
            synopsisSubcommandLabel = "list")
    static final class Queues {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the queues: depth, consumers, rates in and out, age of the oldest ready message.")
    static final class QueuesList extends ListCommand {
        @Override
        String path() {
            return "/api/queues/" + vhostSegment();
        }

        @Override
        Table table(JsonNode items) {
            Table table = new Table("NAME", "FEATURES", ">READY", ">UNACKED", ">TOTAL", ">CONSUMERS", ">IN/S",
                    ">OUT/S", ">OLDEST");
            for (JsonNode q : items) {
                JsonNode oldest = q.path("oldest_ready_age_ms");
                table.row(text(q, "name"), queueFeatures(q), Units.count(q.path("messages_ready").asLong()),
                        Units.count(q.path("messages_unacknowledged").asLong()),
                        Units.count(q.path("messages").asLong()), q.path("consumers").asLong(),
                        Units.rate(number(q, "message_stats.publish_details.rate")),
                        Units.rate(number(q, "message_stats.deliver_get_details.rate")),
                        oldest.isNumber() ? Units.age(oldest.asLong()) : "-");
            }
            return table;
        }
    }

    /** RabbitMQ's UI-style feature flags: D durable, AD auto-delete, Excl exclusive, then the main arguments. */
    static String queueFeatures(JsonNode q) {
        List<String> features = new ArrayList<>();
        if (q.path("durable").asBoolean()) {
            features.add("D");
        }
        if (q.path("auto_delete").asBoolean()) {
            features.add("AD");
        }
        if (q.path("exclusive").asBoolean()) {
            features.add("Excl");
        }
        JsonNode arguments = q.path("arguments");
        String[][] known = {
            {"x-message-ttl", "TTL"}, {"x-expires", "Exp"}, {"x-max-length", "Lim"}, {"x-max-length-bytes", "LimB"},
            {"x-dead-letter-exchange", "DLX"}, {"x-max-priority", "Pri"}, {"x-single-active-consumer", "SAC"},
            {"x-delivery-limit", "DLim"},
        };
        for (String[] argument : known) {
            if (arguments.has(argument[0])) {
                features.add(argument[1]);
            }
        }
        if (!q.path("policy").isNull() && !q.path("policy").isMissingNode()) {
            features.add("Pol:" + q.path("policy").asText());
        }
        return String.join(" ", features);
    }

    @Command(name = "exchanges", description = "Exchanges of a virtual host.", subcommands = ExchangesList.class,
            synopsisSubcommandLabel = "list")
    static final class Exchanges {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the exchanges with the messages published in and routed out, and their rates.")
    static final class ExchangesList extends ListCommand {
        @Override
        String path() {
            return "/api/exchanges/" + vhostSegment();
        }

        @Override
        Table table(JsonNode items) {
            Table table = new Table("NAME", "TYPE", "FEATURES", ">IN", ">IN/S", ">OUT", ">OUT/S");
            for (JsonNode e : items) {
                String name = text(e, "name");
                List<String> features = new ArrayList<>();
                if (e.path("durable").asBoolean()) {
                    features.add("D");
                }
                if (e.path("auto_delete").asBoolean()) {
                    features.add("AD");
                }
                if (e.path("internal").asBoolean()) {
                    features.add("I");
                }
                if (e.path("arguments").has("alternate-exchange")) {
                    features.add("AE");
                }
                table.row(name.isEmpty() ? "(AMQP default)" : name, text(e, "type"), String.join(" ", features),
                        Units.count((long) number(e, "message_stats.publish_in")),
                        Units.rate(number(e, "message_stats.publish_in_details.rate")),
                        Units.count((long) number(e, "message_stats.publish_out")),
                        Units.rate(number(e, "message_stats.publish_out_details.rate")));
            }
            return table;
        }
    }

    @Command(name = "bindings", description = "Bindings of a virtual host.", subcommands = BindingsList.class,
            synopsisSubcommandLabel = "list")
    static final class Bindings {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the bindings.")
    static final class BindingsList extends ListCommand {
        @Override
        String path() {
            return "/api/bindings/" + vhostSegment();
        }

        @Override
        Table table(JsonNode items) {
            Table table = new Table("SOURCE", "DESTINATION", "TYPE", "ROUTING KEY", "ARGUMENTS");
            for (JsonNode b : items) {
                String source = text(b, "source");
                JsonNode arguments = b.path("arguments");
                table.row(source.isEmpty() ? "(AMQP default)" : source, text(b, "destination"),
                        text(b, "destination_type"), text(b, "routing_key"),
                        arguments.isEmpty() ? "" : arguments.toString());
            }
            return table;
        }
    }

    @Command(name = "connections", description = "Client connections.", subcommands = ConnectionsList.class,
            synopsisSubcommandLabel = "list")
    static final class Connections {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the client connections of every virtual host the user may see.")
    static final class ConnectionsList extends ListCommand {
        @Override
        String path() {
            return "/api/connections";
        }

        @Override
        Table table(JsonNode items) {
            long now = System.currentTimeMillis();
            Table table = new Table("NAME", "USER", "VHOST", "PROTOCOL", ">CHANNELS", ">AGE", "CLIENT");
            for (JsonNode c : items) {
                JsonNode client = c.path("client_properties");
                String product = (text(client, "product") + " " + text(client, "version")).trim();
                JsonNode connectedAt = c.path("connected_at");
                table.row(text(c, "name"), text(c, "user"), text(c, "vhost"), text(c, "protocol"),
                        c.path("channels").asLong(),
                        connectedAt.isNumber() ? Units.age(Math.max(0, now - connectedAt.asLong())) : "-", product);
            }
            return table;
        }
    }

    @Command(name = "consumers", description = "Consumers of a virtual host.", subcommands = ConsumersList.class,
            synopsisSubcommandLabel = "list")
    static final class Consumers {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the consumers.")
    static final class ConsumersList extends ListCommand {
        @Override
        String path() {
            return "/api/consumers/" + vhostSegment();
        }

        @Override
        Table table(JsonNode items) {
            Table table = new Table("QUEUE", "TAG", "CHANNEL", "ACK", ">PREFETCH", "EXCLUSIVE");
            for (JsonNode c : items) {
                table.row(text(c.path("queue"), "name"), text(c, "consumer_tag"),
                        text(c.path("channel_details"), "name"),
                        c.path("ack_required").asBoolean() ? "manual" : "auto", c.path("prefetch_count").asLong(),
                        c.path("exclusive").asBoolean() ? "yes" : "no");
            }
            return table;
        }
    }
}
