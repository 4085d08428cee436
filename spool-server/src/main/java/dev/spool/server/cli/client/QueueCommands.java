package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spool queue purge|delete|peek|redrive NAME}: acting on one queue. Purge and peek need read permission on the
 * queue, delete needs configure; redrive needs read on the queue and write on the queues it moves messages to.
 */
final class QueueCommands {
    private QueueCommands() {
    }

    @Command(name = "queue", description = "Acts on one queue: purge, delete, peek, redrive.",
            subcommands = {Purge.class, Delete.class, Peek.class, Redrive.class},
            synopsisSubcommandLabel = "(purge | delete | peek | redrive)")
    static final class Queue {
    }

    /** A command on the queue named by its first parameter. */
    abstract static class OnQueue extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<queue>", description = "The queue's name.")
        String queue;

        String queuePath() {
            return "/api/queues/" + vhostSegment() + "/" + ApiClient.segment(queue);
        }

        String what() {
            return describe("queue", queue);
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Removes every ready message of the queue (unacknowledged ones stay).")
    static final class Purge extends OnQueue {
        @Override
        void run(ApiClient client) {
            long ready = client.get(queuePath(), what()).path("messages_ready").asLong();
            client.delete(queuePath() + "/contents", what());
            done("purged " + what() + " (" + Units.count(ready) + " ready before)",
                    ApiClient.JSON.createObjectNode().put("purged", true).put("queue", queue)
                            .put("vhost", api.vhost));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes the queue and its messages.")
    static final class Delete extends OnQueue {
        @Option(names = "--if-empty", description = "Only if it has no messages.")
        boolean ifEmpty;

        @Option(names = "--if-unused", description = "Only if it has no consumers.")
        boolean ifUnused;

        @Override
        void run(ApiClient client) {
            StringBuilder path = new StringBuilder(queuePath());
            char separator = '?';
            if (ifEmpty) {
                path.append(separator).append("if-empty=true");
                separator = '&';
            }
            if (ifUnused) {
                path.append(separator).append("if-unused=true");
            }
            client.delete(path.toString(), what());
            done("deleted " + what(), ApiClient.JSON.createObjectNode().put("deleted", true).put("queue", queue)
                    .put("vhost", api.vhost));
        }
    }

    @Command(name = "peek", mixinStandardHelpOptions = true,
            description = "Shows the first ready messages without taking them.")
    static final class Peek extends OnQueue {
        @Option(names = {"-c", "--count"}, paramLabel = "<n>", defaultValue = "10",
                description = "How many messages (1 to 1000). Default: ${DEFAULT-VALUE}.")
        int count;

        @Override
        void run(ApiClient client) {
            JsonNode messages = client.get(queuePath() + "/peek?count=" + count, what());
            if (api.json) {
                printJson(messages);
                return;
            }
            Messages.table(messages, true).print(out(), false);
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Moves the queue's ready messages (a dead-letter queue's) back to the queue each one died in"
                    + " (from its x-death headers), or to --target, at most --rate per second.",
                "Each message leaves this queue only once its target holds it; messages without a target stay."})
    static final class Redrive extends OnQueue {
        @Option(names = "--rate", paramLabel = "<per-second>", defaultValue = "100",
                description = "Messages per second. Default: ${DEFAULT-VALUE}.")
        int rate;

        @Option(names = "--max", paramLabel = "<n>",
                description = "The most messages to move. Default: those ready now.")
        Long max;

        @Option(names = "--target", paramLabel = "<queue>",
                description = "Move every message to this queue instead of where it died.")
        String target;

        @Option(names = "--wait", description = "Wait until the redrive has ended and show what it moved.")
        boolean waitForEnd;

        @Override
        void run(ApiClient client) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rate", rate);
            if (max != null) {
                body.put("max", max);
            }
            if (target != null) {
                body.put("target", target);
            }
            String path = queuePath() + "/actions/redrive";
            JsonNode started = client.post(path, body, what());
            JsonNode status = started;
            if (waitForEnd) {
                while ("running".equals(text(status, "state"))) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CliFailure("interrupted");
                    }
                    status = client.get(path, what());
                }
            }
            if (api.json) {
                printJson(status);
                return;
            }
            String destination = target == null ? "the queues they died in" : "queue '" + target + "'";
            if (!waitForEnd) {
                out().println("redriving up to " + status.path("max").asLong() + " messages from " + what() + " to "
                        + destination + " at " + rate + "/s (spool queue redrive " + queue
                        + " --wait, or GET " + path + ", shows progress)");
                return;
            }
            out().println("redrive " + text(status, "state") + ": moved " + status.path("moved").asLong()
                    + ", left in the queue " + status.path("skipped").asLong()
                    + (status.path("failure").isNull() ? "" : " (" + text(status, "failure") + ")"));
            if ("failed".equals(text(status, "state"))) {
                throw new CliFailure("redrive failed: " + text(status, "failure"));
            }
        }
    }
}
