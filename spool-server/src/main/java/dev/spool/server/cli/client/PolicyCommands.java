package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spool policies list|set|clear}: the policies of a virtual host (policymaker or administrator). */
final class PolicyCommands {
    private PolicyCommands() {
    }

    @Command(name = "policies", description = "Policies of a virtual host.",
            subcommands = {ListPolicies.class, Set.class, Clear.class},
            synopsisSubcommandLabel = "(list | set | clear)")
    static final class Policies {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the policies.")
    static final class ListPolicies extends ApiCommand {
        @Override
        void run(ApiClient client) {
            JsonNode policies = client.get("/api/policies/" + vhostSegment(), "vhost '" + api.vhost + "'");
            if (api.json) {
                printJson(policies);
                return;
            }
            Table table = new Table("NAME", "PATTERN", "APPLY TO", ">PRIORITY", "DEFINITION");
            for (JsonNode p : policies) {
                table.row(text(p, "name"), text(p, "pattern"), text(p, "apply-to"), p.path("priority").asLong(),
                        p.path("definition").toString());
            }
            table.print(out());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Creates or replaces a policy.")
    static final class Set extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "The policy's name.")
        String name;

        @Option(names = "--pattern", paramLabel = "<regex>", required = true,
                description = "Names of the queues or exchanges it applies to.")
        String pattern;

        @Option(names = "--definition", paramLabel = "<json>", required = true,
                description = "What it sets, as a JSON object, e.g. '{\"max-length\": 1000}'.")
        String definition;

        @Option(names = "--priority", paramLabel = "<n>", defaultValue = "0",
                description = "Of several matching policies the highest priority applies. Default: ${DEFAULT-VALUE}.")
        int priority;

        @Option(names = "--apply-to", paramLabel = "<kind>", defaultValue = "all",
                description = "queues, exchanges, classic_queues, quorum_queues, streams or all."
                        + " Default: ${DEFAULT-VALUE}.")
        String applyTo;

        @Override
        void run(ApiClient client) {
            JsonNode parsed;
            try {
                parsed = ApiClient.JSON.readTree(definition);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--definition is not JSON: " + definition);
            }
            if (parsed == null || !parsed.isObject()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--definition must be a JSON object, got " + definition);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pattern", pattern);
            body.put("definition", parsed);
            body.put("priority", priority);
            body.put("apply-to", applyTo);
            client.put("/api/policies/" + vhostSegment() + "/" + ApiClient.segment(name), body,
                    "vhost '" + api.vhost + "'");
            done("policy '" + name + "' set in vhost '" + api.vhost + "'", ApiClient.JSON.valueToTree(body));
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Deletes a policy.")
    static final class Clear extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "The policy's name.")
        String name;

        @Override
        void run(ApiClient client) {
            client.delete("/api/policies/" + vhostSegment() + "/" + ApiClient.segment(name),
                    describe("policy", name));
            done("policy '" + name + "' cleared in vhost '" + api.vhost + "'",
                    ApiClient.JSON.createObjectNode().put("policy", name).put("cleared", true));
        }
    }
}
