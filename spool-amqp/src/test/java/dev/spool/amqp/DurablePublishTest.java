package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.frame.MethodFrame;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.ConfirmSelect;
import dev.spool.codec.method.ConfirmSelectOk;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.codec.method.TxCommit;
import dev.spool.codec.method.TxCommitOk;
import dev.spool.codec.method.TxSelect;
import dev.spool.codec.method.TxSelectOk;
import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import dev.spool.engine.Clock;
import dev.spool.engine.durable.BrokerStorage;
import dev.spool.store.DataDirectory;
import dev.spool.store.definitions.RecordLog;
import dev.spool.store.log.LogSettings;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a durable broker, the confirm and the tx.commit-ok of a persistent message in a durable queue wait for its
 * record's fsync and then reach the client through the connection's event loop; the field-table arguments of a durable
 * queue survive a restart in their AMQP encoding.
 */
class DurablePublishTest {
    private static final BasicProperties PERSISTENT = BasicProperties.builder().deliveryMode(2).build();

    @TempDir
    Path dir;

    private DataDirectory directory;
    private RecordLog definitions;
    private Broker broker;

    @BeforeEach
    void open() throws IOException {
        directory = DataDirectory.open(dir);
        definitions = RecordLog.open(directory.definitionsFile());
        broker = Broker.open(BrokerSettings.defaults(), Clock.system(), new BrokerStorage(definitions,
                new FieldTableArguments(), directory, LogSettings.DEFAULT, 1 << 20));
    }

    @AfterEach
    void close() throws IOException {
        broker.close();
        definitions.close();
        directory.close();
    }

    @Test
    void confirmOfAPersistentMessageInADurableQueueArrivesOnceItIsOnDisk() throws Exception {
        try (TestConnection c = openWithDurableQueue()) {
            c.send(1, new ConfirmSelect(false));
            c.expect(1, ConfirmSelectOk.class);

            c.sendBytes(publish(PERSISTENT));

            assertThat(awaitMethod(c)).isEqualTo(new BasicAck(1, false));
            assertThat(broker.vhost("/").findQueue("orders").messageCount()).isEqualTo(1);
        }
    }

    @Test
    void txCommitOkOfAPersistentMessageArrivesOnceItIsOnDisk() throws Exception {
        try (TestConnection c = openWithDurableQueue()) {
            c.send(1, new TxSelect());
            c.expect(1, TxSelectOk.class);
            c.sendBytes(publish(PERSISTENT));
            c.sendBytes(publish(BasicProperties.EMPTY));

            c.send(1, new TxCommit());

            assertThat(awaitMethod(c)).isInstanceOf(TxCommitOk.class);
            assertThat(broker.vhost("/").findQueue("orders").messageCount()).isEqualTo(2);
        }
    }

    @Test
    void durableQueueArgumentsComeBackAsFieldTableValuesAfterARestart() throws Exception {
        try (TestConnection c = TestConnection.open(broker, AmqpSettings.defaults())) {
            c.openChannel(1);
            c.send(1, new QueueDeclare(0, "ttl", false, true, false, false, false,
                    FieldTable.of(Map.of("x-message-ttl", 1000, "x-dead-letter-exchange", "dlx"))));
            c.expect(1, QueueDeclareOk.class);
        }
        close();
        open();

        try (TestConnection c = TestConnection.open(broker, AmqpSettings.defaults())) {
            c.openChannel(1);
            c.send(1, new QueueDeclare(0, "ttl", false, true, false, false, false,
                    FieldTable.of(Map.of("x-dead-letter-exchange", "dlx", "x-message-ttl", 1000))));
            c.expect(1, QueueDeclareOk.class); // equivalent: same arguments, read back in their wire types
        }
    }

    private TestConnection openWithDurableQueue() {
        TestConnection c = TestConnection.open(broker, AmqpSettings.defaults());
        c.openChannel(1);
        c.send(1, new QueueDeclare(0, "orders", false, true, false, false, false, FieldTable.EMPTY));
        c.expect(1, QueueDeclareOk.class);
        return c;
    }

    private static ByteBuf publish(BasicProperties properties) {
        return TestConnection.publishFrames(1, new BasicPublish(0, "", "orders", false, false), properties,
                new byte[] {1}, 131072);
    }

    /** The next method on channel 1, once the store's sync thread has handed it to the event loop. */
    private static Object awaitMethod(TestConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Object frame;
        while ((frame = c.next()) == null) {
            assertThat(System.nanoTime()).as("a frame within 5 s").isLessThan(deadline);
            Thread.sleep(1);
        }
        assertThat(frame).isInstanceOf(MethodFrame.class);
        return ((MethodFrame) frame).method();
    }
}
