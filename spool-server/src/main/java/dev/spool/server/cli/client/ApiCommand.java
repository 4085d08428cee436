package dev.spool.server.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every client command shares: the {@link ApiOptions}, a client for the API they name, the command's output
 * stream, and JSON printing for {@code --json}. A subclass implements {@link #run}; failures are {@link CliFailure}s,
 * which the root command prints as one line with exit status 1. Main thread.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        run(new ApiClient(api.url, api.user, api.password));
        out().flush();
        return 0;
    }

    /** Does the command's work; throws {@link CliFailure} to fail with a reason. */
    abstract void run(ApiClient client);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The virtual host as a path segment. */
    String vhostSegment() {
        return ApiClient.segment(api.vhost);
    }

    /** "queue 'q' in vhost '/'", for messages. */
    String describe(String kind, String name) {
        return kind + " '" + name + "' in vhost '" + api.vhost + "'";
    }

    /** Prints {@code node} as indented JSON. */
    void printJson(JsonNode node) {
        try {
            out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Prints a one-line confirmation, or with {@code --json} the given JSON. */
    void done(String message, JsonNode json) {
        if (api.json) {
            printJson(json);
        } else {
            out().println(message);
        }
    }

    /** A text field, or "" when absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /** A number at a dotted path ({@code message_stats.publish_details.rate}), or 0. */
    static double number(JsonNode node, String path) {
        JsonNode value = node;
        for (String part : path.split("\\.")) {
            value = value.path(part);
        }
        return value.isNumber() ? value.asDouble() : 0;
    }
}
