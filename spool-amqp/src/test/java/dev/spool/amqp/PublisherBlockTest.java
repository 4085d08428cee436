package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.ConnectionBlocked;
import dev.spool.codec.method.ConnectionUnblocked;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import org.junit.jupiter.api.Test;

class PublisherBlockTest {

    @Test
    void alarmBlocksAConnectionAtItsNextPublishTellsItAndResumesReadingWhenCleared() {
        try (TestConnection c = TestConnection.open(TestConnection.broker(), AmqpSettings.defaults())) {
            c.openChannel(1);
            c.send(1, new QueueDeclare(0, "q", false, false, false, false, false, FieldTable.EMPTY));
            c.expect(1, QueueDeclareOk.class);
            ConnectionHandler handler = c.registry.iterator().next();

            handler.block(true, "low on memory");
            c.server.runPendingTasks();
            assertThat(c.server.config().isAutoRead()).as("not blocked before it publishes").isTrue();
            c.send(1, new QueueDeclare(0, "q", true, false, false, false, false, FieldTable.EMPTY));
            c.expect(1, QueueDeclareOk.class); // non-publishing methods go through

            c.sendBytes(TestConnection.publishFrames(1, new BasicPublish(0, "", "q", false, false),
                    BasicProperties.EMPTY, new byte[1], 131072));
            assertThat(c.expect(0, ConnectionBlocked.class).reason()).isEqualTo("low on memory");
            assertThat(c.server.config().isAutoRead()).isFalse();

            handler.block(false, "");
            c.expect(0, ConnectionUnblocked.class);
            assertThat(c.server.config().isAutoRead()).isTrue();
        }
    }
}
