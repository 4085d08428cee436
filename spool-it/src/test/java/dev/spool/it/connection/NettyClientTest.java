package dev.spool.it.connection;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same broker through the client library's Netty I/O mode ({@code ConnectionFactory.netty()}), which frames and
 * flushes differently from the blocking socket mode the other tests use.
 */
class NettyClientTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private static EventLoopGroup eventLoops;

    @BeforeAll
    static void startEventLoops() {
        eventLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopEventLoops() throws InterruptedException {
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void nettyClientCompletesTheHandshake() {
        Connection connection = connect();

        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.getServerProperties()).containsKeys("product", "capabilities");
        assertThat(connection.getFrameMax()).isPositive();
    }

    @Test
    void publishConsumeAckRoundTripOfLargeMessages() throws Exception {
        Channel channel = RunningBroker.openChannel(connect());
        String queue = channel.queueDeclare().getQueue();
        byte[] large = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(large);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);

        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", queue, null, large);
        }

        List<Delivery> deliveries = consumer.awaitDeliveries(5);
        assertThat(deliveries).allMatch(d -> Arrays.equals(d.getBody(), large));
        channel.basicAck(deliveries.get(4).getEnvelope().getDeliveryTag(), true);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
    }

    @Test
    void confirmsArriveForEveryPublish() throws Exception {
        Channel channel = RunningBroker.openChannel(connect());
        String queue = channel.queueDeclare().getQueue();
        channel.confirmSelect();

        for (int i = 0; i < 2_000; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }
        channel.waitForConfirmsOrDie(30_000);

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(2_000);
    }

    @Test
    void channelErrorLeavesTheNettyConnectionOpen() throws Exception {
        Connection connection = connect();
        Channel channel = RunningBroker.openChannel(connection);

        assertChannelError(() -> channel.queueDeclarePassive("no-such-queue"), 404, 50, 10);

        assertThat(connection.isOpen()).isTrue();
        assertThat(RunningBroker.openChannel(connection).queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    private static Connection connect() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.netty().eventLoopGroup(eventLoops);
        return broker.newConnection(factory);
    }
}
