package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spool users list|add|delete|set-permissions}: the broker's users (administrator only, as in the API). */
final class UserCommands {
    private UserCommands() {
    }

    @Command(name = "users", description = "Users and their permissions (administrator only).",
            subcommands = {ListUsers.class, Add.class, Delete.class, SetPermissions.class},
            synopsisSubcommandLabel = "(list | add | delete | set-permissions)")
    static final class Users {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users and their tags.")
    static final class ListUsers extends ApiCommand {
        @Override
        void run(ApiClient client) {
            JsonNode users = client.get("/api/users", null);
            if (api.json) {
                printJson(users);
                return;
            }
            Table table = new Table("NAME", "TAGS");
            for (JsonNode user : users) {
                List<String> tags = new ArrayList<>();
                user.path("tags").forEach(tag -> tags.add(tag.asText()));
                table.row(text(user, "name"), String.join(",", tags));
            }
            table.print(out());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a user, or changes an existing one's password and tags.")
    static final class Add extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "The user's name.")
        String name;

        @Parameters(index = "1", paramLabel = "<password>", description = "The user's password.")
        String newPassword;

        @Option(names = "--tags", paramLabel = "<tags>", split = ",", description = "Tags, comma-separated:"
                + " administrator, monitoring, policymaker, management. Default: none.")
        List<String> tags = new ArrayList<>();

        @Override
        void run(ApiClient client) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("password", newPassword);
            body.put("tags", String.join(",", tags));
            client.put("/api/users/" + ApiClient.segment(name), body, "user '" + name + "'");
            done("user '" + name + "' saved" + (tags.isEmpty() ? "" : " with tags " + String.join(",", tags)),
                    ApiClient.JSON.createObjectNode().put("user", name).put("saved", true));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a user.")
    static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "The user's name.")
        String name;

        @Override
        void run(ApiClient client) {
            client.delete("/api/users/" + ApiClient.segment(name), "user '" + name + "'");
            done("user '" + name + "' deleted", ApiClient.JSON.createObjectNode().put("user", name)
                    .put("deleted", true));
        }
    }

    @Command(name = "set-permissions", mixinStandardHelpOptions = true,
            description = "Sets a user's configure, write and read permissions in the virtual host (--vhost).")
    static final class SetPermissions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "The user's name.")
        String name;

        @Option(names = "--configure", paramLabel = "<regex>", defaultValue = ".*",
                description = "Resources the user may declare and delete. Default: ${DEFAULT-VALUE}.")
        String configure;

        @Option(names = "--write", paramLabel = "<regex>", defaultValue = ".*",
                description = "Resources the user may publish to. Default: ${DEFAULT-VALUE}.")
        String write;

        @Option(names = "--read", paramLabel = "<regex>", defaultValue = ".*",
                description = "Resources the user may consume from. Default: ${DEFAULT-VALUE}.")
        String read;

        @Override
        void run(ApiClient client) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("configure", configure);
            body.put("write", write);
            body.put("read", read);
            client.put("/api/permissions/" + vhostSegment() + "/" + ApiClient.segment(name), body,
                    "user '" + name + "' or vhost '" + api.vhost + "'");
            done("permissions of '" + name + "' in vhost '" + api.vhost + "': configure '" + configure + "', write '"
                    + write + "', read '" + read + "'", ApiClient.JSON.valueToTree(body));
        }
    }
}
