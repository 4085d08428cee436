package dev.spool.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.server.ConfigKey;
import dev.spool.server.SpoolConfig;
import dev.spool.server.SpoolVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SpoolCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    @Test
    void serverFlagsSetTheConfiguration() {
        SpoolConfig config = parseServer(Map.of(),
                "--amqp-port", "5999", "--http-port=0", "--data-dir", "/tmp/spool", "--amqp-heartbeat", "0",
                "--loopback-users=", "--log-level", "warn");

        assertThat(config.amqpPort()).isEqualTo(5999);
        assertThat(config.httpPort()).isZero();
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/spool"));
        assertThat(config.heartbeatSeconds()).isZero();
        assertThat(config.loopbackUsers()).isEmpty();
        assertThat(config.logLevel()).isEqualTo("WARN");
    }

    @Test
    void serverFlagWinsOverEnvironmentAndConfigFlagOverSpoolConfig() throws Exception {
        Path file = Files.writeString(tmp.resolve("spool.yaml"), "amqp: {port: 1111}\nhttp: {port: 2222}\n");
        Map<String, String> env = Map.of("SPOOL_CONFIG", tmp.resolve("absent.yaml").toString(),
                "SPOOL_HTTP_PORT", "3333", "SPOOL_AMQP_PORT", "4444");

        SpoolConfig config = parseServer(env, "--config", file.toString(), "--amqp-port", "5555");

        assertThat(config.amqpPort()).isEqualTo(5555);
        assertThat(config.httpPort()).isEqualTo(3333);
    }

    @Test
    void invalidFlagValueExitsWith2AndOneLineWithoutStackTrace() {
        int status = execute(Map.of(), "server", "--amqp-port", "99999");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("spool: invalid configuration: amqp.port must be between 0 and 65535,"
                + " got 99999 (set by flag --amqp-port)" + System.lineSeparator());
    }

    @Test
    void unknownKeyInConfigFileExitsWith2() throws Exception {
        Path file = Files.writeString(tmp.resolve("spool.yaml"), "amqp: {prot: 1}\n");

        int status = execute(Map.of(), "server", "--config", file.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("spool: invalid configuration: config file " + file
                + " has unknown key 'amqp.prot'").doesNotContain("Exception");
    }

    @Test
    void unknownFlagIsAUsageError() {
        int status = execute(Map.of(), "server", "--amqp-prot", "1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--amqp-prot'");
    }

    @Test
    void versionFlagPrintsTheVersion() {
        int status = execute(Map.of(), "--version");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Spool " + SpoolVersion.version());
        assertThat(SpoolVersion.version()).isNotEqualTo("unknown");
    }

    @Test
    void helpListsTheServerCommand() {
        int status = execute(Map.of(), "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("server").contains("help");
    }

    @Test
    void serverHelpListsAFlagWithDefaultAndVariableForEveryKey() {
        int status = execute(Map.of(), "server", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("--config=<file>");
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(out.toString()).contains(key.flag() + "=<" + key.leaf() + ">")
                    .contains(key.environmentVariable());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        int status = execute(Map.of());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("spool: missing command").contains("server");
    }

    private SpoolConfig parseServer(Map<String, String> env, String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "server";
        System.arraycopy(flags, 0, args, 1, flags.length);
        CommandLine.ParseResult parsed = SpoolCommand.commandLine(env).parseArgs(args);
        ServerCommand server = parsed.subcommand().commandSpec().commandLine().getCommand();
        return server.config();
    }

    private int execute(Map<String, String> env, String... args) {
        CommandLine commandLine = SpoolCommand.commandLine(env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
