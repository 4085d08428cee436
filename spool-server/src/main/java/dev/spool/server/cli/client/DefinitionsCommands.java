package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spool definitions export|import}: users, vhosts, permissions, policies, queues, exchanges and bindings in
 * RabbitMQ's definitions format (administrator only). Export writes to standard output, so {@code > file} keeps it.
 */
final class DefinitionsCommands {
    private DefinitionsCommands() {
    }

    @Command(name = "definitions", description = "Exports or imports definitions (RabbitMQ's JSON format).",
            subcommands = {Export.class, Import.class}, synopsisSubcommandLabel = "(export | import)")
    static final class Definitions {
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Prints the definitions as JSON: spool definitions export > definitions.json")
    static final class Export extends ApiCommand {
        @Option(names = "--only-vhost", description = "Only the virtual host given with --vhost.")
        boolean onlyVhost;

        @Override
        void run(ApiClient client) {
            String path = onlyVhost ? "/api/definitions/" + vhostSegment() : "/api/definitions";
            printJson(client.get(path, onlyVhost ? "vhost '" + api.vhost + "'" : null));
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Loads definitions from a JSON file (an export of Spool or RabbitMQ).")
    static final class Import extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<file>", description = "The definitions file; - for standard input.")
        Path file;

        @Option(names = "--only-vhost",
                description = "Load the file's queues, exchanges, bindings and policies into --vhost only.")
        boolean onlyVhost;

        @Override
        void run(ApiClient client) {
            String text;
            try {
                text = "-".equals(file.toString()) ? new String(System.in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8) : Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CliFailure("no such file: " + file);
            } catch (IOException e) {
                throw new CliFailure("cannot read " + file + ": " + e.getMessage());
            }
            JsonNode parsed;
            try {
                parsed = ApiClient.JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CliFailure(file + " is not JSON: " + e.getOriginalMessage());
            }
            if (parsed == null || !parsed.isObject()) {
                throw new CliFailure(file + " is not a JSON object of definitions");
            }
            String path = onlyVhost ? "/api/definitions/" + vhostSegment() : "/api/definitions";
            JsonNode answer = client.post(path, text, onlyVhost ? "vhost '" + api.vhost + "'" : null);
            done("imported definitions from " + file, answer.isMissingNode()
                    ? ApiClient.JSON.createObjectNode().put("imported", true) : answer);
        }
    }
}
