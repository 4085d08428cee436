package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.frame.Frames;
import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmqpServerTest {

    @Test
    void serverOnARandomPortAnswersTheProtocolHeaderAndCountsConnections() throws Exception {
        try (AmqpServer server = new AmqpServer(AmqpSettings.defaults().withPort(0).withIoThreads(1),
                new Broker(BrokerSettings.defaults()))) {
            server.start();
            assertThat(server.port()).isPositive();
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(Frames.protocolHeaderBytes());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                assertThat(in.readUnsignedByte()).as("frame type").isEqualTo(Frames.FRAME_METHOD);
                assertThat(in.readUnsignedShort()).as("channel").isZero();
                int size = in.readInt();
                assertThat(in.readUnsignedShort()).as("class").isEqualTo(10);
                assertThat(in.readUnsignedShort()).as("method").isEqualTo(10);
                in.skipBytes(size - 4);
                assertThat(in.readUnsignedByte()).isEqualTo(Frames.FRAME_END);
                assertThat(server.connectionCount()).isEqualTo(1);
            }
            awaitConnections(server, 0);
        }
    }

    @Test
    void closeStopsTheListener() throws Exception {
        AmqpServer server = new AmqpServer(AmqpSettings.defaults().withPort(0).withIoThreads(1),
                new Broker(BrokerSettings.defaults()));
        server.start();
        int port = server.port();
        server.close();
        server.close();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            throw new AssertionError("still listening on " + port + ": " + socket);
        } catch (IOException expected) {
            assertThat(expected).isNotNull();
        }
    }

    private static void awaitConnections(AmqpServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.connectionCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connectionCount()).isEqualTo(count);
    }
}
