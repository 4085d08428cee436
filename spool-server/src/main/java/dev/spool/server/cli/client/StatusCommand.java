package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code spool status}: the node at a glance: name, version, uptime, memory and disk against their alarm limits, the
 * alarms in effect, and how many connections, queues and messages there are. Node figures need the monitoring or
 * administrator tag; without it they are left out.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the node: version, uptime, memory, disk, alarms, connections, queues, messages.")
final class StatusCommand extends ApiCommand {
    @Override
    void run(ApiClient client) {
        JsonNode overview = client.get("/api/overview", null);
        String nodeName = text(overview, "node");
        JsonNode node = nodeFacts(client, nodeName);
        if (api.json) {
            ObjectNode both = ApiClient.JSON.createObjectNode();
            both.set("overview", overview);
            both.set("node", node);
            printJson(both);
            return;
        }
        Table table = new Table("", "");
        table.row("node", nodeName);
        table.row("version", text(overview, "product_name") + " " + text(overview, "product_version")
                + " (RabbitMQ API " + text(overview, "rabbitmq_version") + ", " + text(overview, "erlang_version")
                + ")");
        if (node != null) {
            table.row("uptime", Units.age(node.path("uptime").asLong()));
            table.row("memory", Units.bytes(node.path("mem_used").asLong()) + " used, limit "
                    + Units.bytes(node.path("mem_limit").asLong()));
            long diskLimit = node.path("disk_free_limit").asLong();
            table.row("disk", Units.bytes(node.path("disk_free").asLong()) + " free, limit "
                    + (diskLimit == 0 ? "none" : Units.bytes(diskLimit)));
            List<String> alarms = new ArrayList<>();
            if (node.path("mem_alarm").asBoolean()) {
                alarms.add("memory (publishers blocked)");
            }
            if (node.path("disk_free_alarm").asBoolean()) {
                alarms.add("disk (publishers blocked)");
            }
            table.row("alarms", alarms.isEmpty() ? "none" : String.join(", ", alarms));
        } else {
            table.row("uptime, memory, disk, alarms", "(need the monitoring tag)");
        }
        JsonNode objects = overview.path("object_totals");
        JsonNode totals = overview.path("queue_totals");
        table.row("connections", objects.path("connections").asLong() + " (" + objects.path("channels").asLong()
                + " channels, " + objects.path("consumers").asLong() + " consumers)");
        table.row("queues", objects.path("queues").asLong() + " (" + objects.path("exchanges").asLong()
                + " exchanges)");
        table.row("messages", Units.count(totals.path("messages").asLong()) + " (ready "
                + Units.count(totals.path("messages_ready").asLong()) + ", unacknowledged "
                + Units.count(totals.path("messages_unacknowledged").asLong()) + ")");
        table.row("rates", "publish " + Units.rate(number(overview, "message_stats.publish_details.rate"))
                + ", deliver " + Units.rate(number(overview, "message_stats.deliver_get_details.rate"))
                + ", ack " + Units.rate(number(overview, "message_stats.ack_details.rate")));
        table.printWithoutHeader(out());
    }

    /** {@code /api/nodes/{name}}, or null when the user may not see node data. */
    private static JsonNode nodeFacts(ApiClient client, String nodeName) {
        try {
            return client.get("/api/nodes/" + ApiClient.segment(nodeName), "node '" + nodeName + "'");
        } catch (CliFailure e) {
            if (e.getMessage().startsWith("access refused: ") && !e.getMessage().contains("--user")) {
                return null;
            }
            throw e;
        }
    }
}
