package dev.spool.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.it.support.RunningBroker;
import dev.spool.server.cli.SpoolCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code spool ...} in-process, exactly as the launcher does ({@link SpoolCommand#commandLine}), with an
 * environment that points at a test broker, and captures what it prints. Thread-confined to the test.
 */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> environment;

    private Cli(Map<String, String> environment) {
        this.environment = environment;
    }

    /** As guest against {@code broker}'s management API, through {@code SPOOL_URL}. */
    static Cli against(RunningBroker broker) {
        return new Cli(Map.of("SPOOL_URL", broker.httpUrl()));
    }

    /** The same, with {@code SPOOL_USER} and {@code SPOOL_PASSWORD} set. */
    Cli as(String user, String password) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put("SPOOL_USER", user);
        changed.put("SPOOL_PASSWORD", password);
        return new Cli(changed);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SpoolCommand.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** What one run printed, and its exit status. */
    record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + ", err " + err + "): " + out, e);
            }
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
