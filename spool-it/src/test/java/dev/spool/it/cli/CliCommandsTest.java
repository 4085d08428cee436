package dev.spool.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client command against a running broker: what it prints for people (sorted, aligned tables), what it prints
 * with {@code --json}, what it changes in the broker (checked through AMQP), and its exit status and one-line reason
 * when it fails.
 */
class CliCommandsTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @TempDir
    Path tmp;

    private final Cli cli = Cli.against(broker);

    @Test
    void queuesListIsATableSortedByNameWithDepthAndConsumers() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("list-b", true, false, false, null);
        channel.queueDeclare("list-a", false, false, false, null);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", "list-a", null, bytes("m" + i));
        }
        channel.basicConsume("list-b", true, (tag, delivery) -> { }, tag -> { });

        Cli.Result result = cli.run("queues", "list");

        assertThat(result.status()).as(result.toString()).isZero();
        List<String> lines = result.lines();
        assertThat(lines.get(0)).startsWith("NAME").contains("READY", "UNACKED", "CONSUMERS", "OLDEST");
        List<String> rows = lines.stream().filter(line -> line.startsWith("list-")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("list-a").doesNotContain(" D ");
        assertThat(rows.get(0).split("\\s+")).containsSubsequence("list-a", "3", "0", "3", "0");
        assertThat(rows.get(1)).startsWith("list-b  ");
        assertThat(rows.get(1).split("\\s+")).containsSubsequence("list-b", "D", "0", "0", "0", "1");
        assertThat(rows.get(1).indexOf(" D ") + 1).as("columns aligned under their header")
                .isEqualTo(lines.get(0).indexOf("FEATURES"));
    }

    @Test
    void queuesListWithJsonPrintsTheApiAnswer() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("json-q", true, false, false, null);
        channel.basicPublish("", "json-q", null, bytes("one"));

        Cli.Result result = cli.run("queues", "list", "--json");

        assertThat(result.status()).as(result.toString()).isZero();
        JsonNode queues = result.json();
        assertThat(queues.isArray()).isTrue();
        JsonNode queue = null;
        for (JsonNode q : queues) {
            if ("json-q".equals(q.path("name").asText())) {
                queue = q;
            }
        }
        assertThat(queue).as("json-q in %s", queues).isNotNull();
        assertThat(queue.path("messages").asLong()).isEqualTo(1);
        assertThat(queue.path("durable").asBoolean()).isTrue();
    }

    @Test
    void publishWithPropertiesAndHeadersReachesTheQueue() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("published", false, false, false, null);

        Cli.Result result = cli.run("publish", "--routing-key", "published", "--property", "content_type=text/plain",
                "--property", "delivery_mode=2", "--header", "tenant=acme", "hello from the cli");

        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("published, routed" + System.lineSeparator());
        GetResponse got = channel.basicGet("published", true);
        assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello from the cli");
        AMQP.BasicProperties properties = got.getProps();
        assertThat(properties.getContentType()).isEqualTo("text/plain");
        assertThat(properties.getDeliveryMode()).isEqualTo(2);
        assertThat(properties.getHeaders().get("tenant").toString()).isEqualTo("acme");
    }

    @Test
    void publishToAnExchangeWithoutBindingsSaysItWasNotRouted() throws Exception {
        broker.newChannel().exchangeDeclare("nowhere", "direct");

        Cli.Result result = cli.run("publish", "--exchange", "nowhere", "-k", "k", "lost");

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("published, but not routed");
    }

    @Test
    void peekShowsMessagesWithoutTakingThem() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("peeked", false, false, false, null);
        for (int i = 1; i <= 3; i++) {
            channel.basicPublish("", "peeked", null, bytes("body-" + i));
        }

        Cli.Result result = cli.run("queue", "peek", "peeked", "--count", "2");

        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.lines()).hasSize(3);
        assertThat(result.lines().get(1)).contains("body-1");
        assertThat(result.lines().get(2)).contains("body-2");
        assertThat(broker.existingQueue("peeked").messageCount()).isEqualTo(3);
    }

    @Test
    void getWithAckRequeueFalseTakesTheMessagesAndRequeueTrueLeavesThem() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("got", false, false, false, null);
        for (int i = 1; i <= 3; i++) {
            channel.basicPublish("", "got", null, bytes("g" + i));
        }

        Cli.Result requeued = cli.run("get", "got", "--count", "2", "--ack-mode", "ack_requeue_true", "--json");
        assertThat(requeued.status()).as(requeued.toString()).isZero();
        assertThat(requeued.json()).hasSize(2);
        assertThat(broker.existingQueue("got").messageCount()).isEqualTo(3);

        Cli.Result taken = cli.run("get", "got", "--count", "2", "--ack-mode", "ack_requeue_false");
        assertThat(taken.status()).as(taken.toString()).isZero();
        assertThat(taken.out()).contains("g1").contains("g2");
        assertThat(broker.existingQueue("got").messageCount()).isEqualTo(1);
        assertThat(new String(channel.basicGet("got", true).getBody(), StandardCharsets.UTF_8)).isEqualTo("g3");
    }

    @Test
    void purgeEmptiesTheQueueAndDeleteRemovesIt() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("doomed", false, false, false, null);
        channel.basicPublish("", "doomed", null, bytes("x"));

        Cli.Result purged = cli.run("queue", "purge", "doomed");
        assertThat(purged.status()).as(purged.toString()).isZero();
        assertThat(broker.existingQueue("doomed").messageCount()).isZero();

        Cli.Result deleted = cli.run("queue", "delete", "doomed");
        assertThat(deleted.status()).as(deleted.toString()).isZero();
        assertThat(broker.queue("doomed")).isNull();
    }

    @Test
    void exchangesListCountsMessagesPublishedInAndRoutedOut() throws Exception {
        Channel channel = broker.newChannel();
        channel.exchangeDeclare("fan", "fanout");
        channel.queueDeclare("fan-1", false, false, false, null);
        channel.queueDeclare("fan-2", false, false, false, null);
        channel.queueBind("fan-1", "fan", "");
        channel.queueBind("fan-2", "fan", "");
        for (int i = 0; i < 4; i++) {
            channel.basicPublish("fan", "", null, bytes("f"));
        }
        channel.basicQos(1); // a round trip: the publishes before it have been handled

        Cli.Result result = cli.run("exchanges", "list");

        assertThat(result.status()).as(result.toString()).isZero();
        String row = result.lines().stream().filter(line -> line.startsWith("fan ")).findFirst().orElseThrow();
        assertThat(row.split("\\s+")).containsSubsequence("fan", "fanout", "4", "8");
        assertThat(result.out()).contains("(AMQP default)");
    }

    @Test
    void bindingsAndConsumersListShowWhatIsThere() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("bound", false, false, false, null);
        channel.queueBind("bound", "amq.topic", "orders.#");
        channel.basicConsume("bound", false, "my-tag", (tag, delivery) -> { }, tag -> { });

        Cli.Result bindings = cli.run("bindings", "list");
        Cli.Result consumers = cli.run("consumers", "list");
        Cli.Result connections = cli.run("connections", "list", "--json");

        assertThat(bindings.status()).isZero();
        assertThat(bindings.out()).containsPattern("amq\\.topic\\s+bound\\s+queue\\s+orders\\.#");
        assertThat(consumers.status()).isZero();
        assertThat(consumers.out()).containsPattern("bound\\s+my-tag\\s+.*manual");
        assertThat(connections.status()).isZero();
        assertThat(connections.json().size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void usersAddSetPermissionsAndDelete() throws Exception {
        Cli.Result added = cli.run("users", "add", "carol", "s3cret", "--tags", "management");
        Cli.Result permitted = cli.run("users", "set-permissions", "carol", "--configure", "^carol\\.",
                "--write", ".*", "--read", ".*");

        assertThat(added.status()).as(added.toString()).isZero();
        assertThat(permitted.status()).as(permitted.toString()).isZero();
        var users = broker.server().broker().users();
        assertThat(users.permission("carol", "/").configure()).isEqualTo("^carol\\.");
        Cli.Result asCarol = cli.as("carol", "s3cret").run("queues", "list");
        assertThat(asCarol.status()).as(asCarol.toString()).isZero();

        Cli.Result deleted = cli.run("users", "delete", "carol");
        assertThat(deleted.status()).isZero();
        assertThat(cli.as("carol", "s3cret").run("queues", "list").status()).isEqualTo(1);
    }

    @Test
    void policiesSetAndClear() {
        Cli.Result set = cli.run("policies", "set", "cli-limit", "--pattern", "^cli-limited\\.",
                "--definition", "{\"max-length\": 10}", "--apply-to", "queues", "--priority", "3");
        assertThat(set.status()).as(set.toString()).isZero();

        Cli.Result listed = cli.run("policies", "list", "--json");
        assertThat(listed.status()).isZero();
        JsonNode policy = listed.json().get(0);
        assertThat(policy.path("name").asText()).isEqualTo("cli-limit");
        assertThat(policy.path("definition").path("max-length").asInt()).isEqualTo(10);
        assertThat(policy.path("priority").asInt()).isEqualTo(3);

        Cli.Result cleared = cli.run("policies", "clear", "cli-limit");
        assertThat(cleared.status()).as(cleared.toString()).isZero();
        assertThat(cli.run("policies", "list", "--json").json()).isEmpty();
    }

    @Test
    void definitionsExportThenImportRestoresADeletedQueue() throws Exception {
        broker.newChannel().queueDeclare("kept-by-definitions", true, false, false, Map.of("x-max-length", 7));
        Cli.Result exported = cli.run("definitions", "export");
        assertThat(exported.status()).as(exported.toString()).isZero();
        Path file = Files.writeString(tmp.resolve("definitions.json"), exported.out());
        broker.newChannel().queueDelete("kept-by-definitions");

        Cli.Result imported = cli.run("definitions", "import", file.toString());

        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(broker.existingQueue("kept-by-definitions").settings().arguments()).containsKey("x-max-length");
    }

    @Test
    void statusShowsNodeVersionMemoryDiskAlarmsAndTotals() {
        Cli.Result result = cli.run("status");

        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("node\\s+spool@")
                .containsPattern("version\\s+Spool ")
                .containsPattern("memory\\s+[0-9.]+ [KMG]iB used, limit ")
                .containsPattern("disk\\s+[0-9.]+ [KMGT]iB free, limit ")
                .containsPattern("alarms\\s+none")
                .containsPattern("queues\\s+\\d+");
        JsonNode json = cli.run("status", "--json").json();
        assertThat(json.path("node").path("mem_alarm").asBoolean()).isFalse();
        assertThat(json.path("overview").path("product_name").asText()).isEqualTo("Spool");
    }

    @Test
    void queueRedriveWaitMovesDeadLettersBackToTheirQueue() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("work", false, false, false, null);
        channel.queueDeclare("work.dlq", false, false, false, null);
        AMQP.BasicProperties dead = new AMQP.BasicProperties.Builder()
                .headers(Map.of("x-first-death-queue", "work", "x-first-death-reason", "rejected")).build();
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", "work.dlq", dead, bytes("w" + i));
        }
        channel.basicQos(1);

        Cli.Result result = cli.run("queue", "redrive", "work.dlq", "--rate", "1000", "--wait");

        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("redrive done: moved 5, left in the queue 0" + System.lineSeparator());
        assertThat(broker.existingQueue("work").messageCount()).isEqualTo(5);
        assertThat(broker.existingQueue("work.dlq").messageCount()).isZero();
    }

    @Test
    void wrongPasswordExitsWith1AndOneLine() {
        Cli.Result result = cli.as("guest", "wrong").run("queues", "list");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("spool: access refused: check --user/--password" + System.lineSeparator());
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownQueueExitsWith1NamingIt() {
        Cli.Result result = cli.run("queue", "purge", "no-such-queue");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("spool: queue 'no-such-queue' in vhost '/' not found"
                + System.lineSeparator());
    }

    @Test
    void unreachableBrokerExitsWith1ConnectionRefused() {
        Cli.Result result = cli.run("status", "--url", "http://127.0.0.1:1");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("spool: cannot reach http://127.0.0.1:1: connection refused"
                + System.lineSeparator());
    }

    @Test
    void badUsageExitsWith2() {
        assertThat(cli.run("queues").status()).as("missing subcommand").isEqualTo(2);
        assertThat(cli.run("queue", "purge").status()).as("missing queue name").isEqualTo(2);
        assertThat(cli.run("get", "q", "--ack-mode", "sometimes").status()).as("bad ack mode").isEqualTo(2);
        assertThat(cli.run("queues", "list", "--colour").status()).as("unknown option").isEqualTo(2);
    }

    @Test
    void monitoringUserWithoutPermissionsCannotPurge() throws Exception {
        broker.newChannel().queueDeclare("watched", false, false, false, null);
        assertThat(cli.run("users", "add", "watcher", "w", "--tags", "monitoring").status()).isZero();
        Cli cliAsWatcher = cli.as("watcher", "w");

        assertThat(cliAsWatcher.run("queues", "list").status()).as("a monitoring user sees the queues").isZero();
        Cli.Result result = cliAsWatcher.run("queue", "purge", "watched");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("spool: access refused: ").doesNotContain("\n" + "spool");
        assertThat(result.err().lines()).hasSize(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
