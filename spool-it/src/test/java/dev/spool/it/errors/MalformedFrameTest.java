package dev.spool.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static dev.spool.it.support.ProtocolErrors.assertChannelError;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.Broker;
import dev.spool.engine.auth.Permission;
import dev.spool.it.support.Bystander;
import dev.spool.it.support.ConnectionCloseFrame;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.ProtocolErrors.CloseIds;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RawFrame;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input the client library never produces, written on a raw socket (mostly after a correct handshake), and clients
 * that try what they are not allowed to. The broker answers each with connection.close or channel.close carrying
 * RabbitMQ's reply code and the class/method ids it blames (0/0 when the frame could not be tied to a method), then
 * closes the socket; no length field makes it allocate what the frame does not hold; afterwards it still serves new
 * clients, and a bystander that publishes and consumes throughout the whole class loses nothing.
 */
class MalformedFrameTest {
    private static final int FRAME_MAX = 4_096;
    private static final int FRAME_END = 0xCE;
    private static final AtomicLong OPENED = new AtomicLong();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private static Bystander bystander;
    private RawConnection raw;

    @BeforeAll
    static void bystanderPublishesAndConsumesThroughout() throws Exception {
        bystander = Bystander.start(broker.connectionFactory(), "bystander");
    }

    @AfterAll
    static void bystanderLostNothing() throws Exception {
        try {
            assertThat(bystander.stopAndCheck()).as("what went wrong for the bystander").isEmpty();
        } finally {
            bystander.close();
        }
    }

    @BeforeEach
    void handshakeAndOpenChannelOne() throws Exception {
        raw = RawConnection.open(broker.port(), 16, FRAME_MAX, 0);
        raw.openChannel(1);
    }

    @AfterEach
    void brokerStillServesNormalClients() throws Exception {
        raw.close();
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {7});
        GetResponse response = channel.basicGet(queue, true);
        assertThat(response).isNotNull();
        assertThat(response.getBody()).containsExactly(7);
    }

    @Test
    void wrongFrameEndByteClosesConnectionWith501() throws Exception {
        byte[] queueDeclare = MethodPayload.of(50, 10).shortUint(0).shortStr("q").octet(0).emptyTable().bytes();

        raw.write(RawConnection.frame(RawFrame.METHOD, 1, queueDeclare, 0x00));

        assertClosedWith(501, 0, 0);
    }

    @Test
    void frameLargerThanTheNegotiatedFrameMaxClosesConnectionWith501() throws Exception {
        raw.sendMethod(1, MethodPayload.of(60, 40).shortUint(0).shortStr("").shortStr("q").octet(0));
        raw.sendFrame(RawFrame.HEADER, 1, RawConnection.basicContentHeader(3 * FRAME_MAX));

        raw.sendFrame(RawFrame.BODY, 1, new byte[3 * FRAME_MAX]);

        assertClosedWith(501, 0, 0);
    }

    @Test
    void methodWithTruncatedArgumentsClosesConnectionWith501NamingTheMethod() throws Exception {
        byte[] truncated = MethodPayload.of(50, 10).shortUint(0).shortStr("a-queue-name").octet(0).emptyTable()
                .truncatedBy(10);

        raw.sendFrame(RawFrame.METHOD, 1, truncated);

        // RabbitMQ: FRAME_ERROR "cannot decode ..." blaming queue.declare.
        assertClosedWith(501, 50, 10);
    }

    @Test
    void contentHeaderWithoutAPublishClosesConnectionWith505() throws Exception {
        raw.sendFrame(RawFrame.HEADER, 1, RawConnection.basicContentHeader(5));

        assertClosedWith(505, 0, 0);
    }

    @Test
    void contentBodyWithoutAPublishClosesConnectionWith505() throws Exception {
        raw.sendFrame(RawFrame.BODY, 1, new byte[] {1, 2, 3});

        assertClosedWith(505, 0, 0);
    }

    @Test
    void methodInsteadOfTheExpectedContentHeaderClosesConnectionWith505() throws Exception {
        raw.sendMethod(1, MethodPayload.of(60, 40).shortUint(0).shortStr("").shortStr("q").octet(0));

        raw.sendMethod(1, MethodPayload.of(50, 10).shortUint(0).shortStr("q").octet(0).emptyTable());

        assertClosedWith(505, 60, 40);
    }

    @Test
    void unknownMethodOfAKnownClassClosesConnectionWith540() throws Exception {
        raw.sendMethod(1, MethodPayload.of(60, 99).shortUint(0));

        assertClosedWith(540, 60, 99);
    }

    @Test
    void unknownClassClosesConnectionWith540() throws Exception {
        raw.sendMethod(1, MethodPayload.of(77, 10).shortUint(0));

        assertClosedWith(540, 77, 10);
    }

    @Test
    void methodOnAChannelThatWasNeverOpenedClosesConnectionWith504() throws Exception {
        raw.sendMethod(5, MethodPayload.of(50, 10).shortUint(0).shortStr("q").octet(0).emptyTable());

        assertClosedWith(504, 50, 10);
    }

    @Test
    void secondChannelOpenOnAnOpenChannelClosesConnectionWith504() throws Exception {
        raw.sendMethod(1, MethodPayload.of(20, 10).shortStr(""));

        assertClosedWith(504, 20, 10);
    }

    @Test
    void heartbeatOnAChannelOtherThanZeroClosesConnectionWith505() throws Exception {
        raw.sendFrame(RawFrame.HEARTBEAT, 1, new byte[0]);

        assertClosedWith(505, 0, 0);
    }

    @Test
    void unknownFrameTypeClosesConnectionWith501() throws Exception {
        raw.sendFrame(9, 1, new byte[] {1, 2, 3, 4});

        assertClosedWith(501, 0, 0);
    }

    @Test
    void connectionClassMethodOnAChannelOtherThanZeroClosesConnectionWith503() throws Exception {
        raw.sendMethod(1, MethodPayload.of(10, 50).shortUint(200).shortStr("bye").shortUint(0).shortUint(0));

        assertClosedWith(503, 10, 50);
    }

    @Test
    void garbageBeforeTheProtocolHeaderGetsTheHeaderBackAndTheSocketClosed() throws Exception {
        try (RawConnection http = RawConnection.connect(broker.port())) {
            http.write("GET / HTTP/1.1\r\nHost: spool\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            // RabbitMQ answers a wrong header with the one it speaks, then closes
            assertThat(http.readUntilClosed(64)).containsExactly(RawConnection.PROTOCOL_HEADER);
        }
    }

    @Test
    void hugeDeclaredFrameSizeClosesWith501WithoutWaitingForThePayload() throws Exception {
        raw.write(new byte[] {RawFrame.METHOD, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0});

        assertClosedWith(501, 0, 0);
    }

    @Test
    void hugeDeclaredFrameSizeDuringTheHandshakeClosesWith501() throws Exception {
        try (RawConnection early = RawConnection.connect(broker.port())) {
            early.write(RawConnection.PROTOCOL_HEADER);
            early.expectMethod(10, 10);

            early.write(new byte[] {RawFrame.METHOD, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});

            assertClosedWith(early, 501, 0, 0);
        }
    }

    @Test
    void fieldTableNestedTenThousandDeepClosesWith501NamingTheMethod() throws Exception {
        int depth = 10_000;
        MethodPayload declare = MethodPayload.of(50, 10).shortUint(0).shortStr("deep").octet(0);
        for (int level = 1; level < depth; level++) {
            declare.longUint(7L * (depth - level)).octet(1).octet('a').octet('F'); // {"a": F{...}}
        }
        declare.emptyTable();
        try (RawConnection large = RawConnection.open(broker.port(), 16, 131_072, 0)) {
            large.openChannel(1);

            large.sendMethod(1, declare);

            assertClosedWith(large, 501, 50, 10);
        }
        assertThat(broker.queue("deep")).isNull();
    }

    @Test
    void shortStringLongerThanItsFrameClosesWith501NamingTheMethod() throws Exception {
        // queue.declare whose queue name claims 200 octets where the frame holds 3
        raw.sendFrame(RawFrame.METHOD, 1, MethodPayload.of(50, 10).shortUint(0).octet(200).octet('a').octet('b')
                .octet('c').bytes());

        assertClosedWith(501, 50, 10);
    }

    @Test
    void bodyLargerThanTheHeaderAnnouncedClosesWith505() throws Exception {
        raw.sendMethod(1, MethodPayload.of(60, 40).shortUint(0).shortStr("").shortStr("bystander").octet(0));
        raw.sendFrame(RawFrame.HEADER, 1, RawConnection.basicContentHeader(5));

        raw.sendFrame(RawFrame.BODY, 1, new byte[10]);

        assertClosedWith(505, 60, 40);
    }

    /**
     * A million channel.open frames written without waiting: the first beyond channel_max closes the connection with
     * 530, and the broker reads the rest without acting on them (or closes the socket first): its heap does not grow.
     */
    @Test
    void aMillionChannelOpensAreRefusedBeyondChannelMaxWithoutTheBrokerGrowing() throws Exception {
        long heapBefore = usedHeapAfterGc();
        try (RawConnection flood = RawConnection.open(broker.port(), 2047, 131_072, 0)) {
            byte[] batch = channelOpens(4096);
            int written = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            try {
                while (written < 1_000_000 && System.nanoTime() < deadline) {
                    flood.write(batch);
                    written += 4096;
                }
            } catch (IOException closedByTheBroker) {
                // the broker may close the socket before the flood ends
            }

            ConnectionCloseFrame close = flood.awaitConnectionClose();
            assertThat(close.ids()).isEqualTo(new CloseIds(530, 0, 0));
            assertThat(close.replyText()).isEqualTo("NOT_ALLOWED - number of channels opened (2047) has reached the"
                    + " negotiated channel_max (2047)");
        }
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(32L * 1024 * 1024);
        assertThat(broker.server().broker().limits().userChannels("guest")).as("channels given back")
                .isLessThan(10);
    }

    @Test
    void publishWithoutWritePermissionClosesTheChannelWith403() throws Exception {
        Channel hostile = RunningBroker.openChannel(broker.newConnection(restrictedUser()));

        hostile.basicPublish("", "bystander", null, new byte[8]);

        assertChannelClosedBy(hostile, 403, 60, 40);
    }

    @Test
    void consumeWithoutReadPermissionClosesTheChannelWith403() {
        Channel hostile = RunningBroker.openChannel(broker.newConnection(restrictedUser()));

        assertChannelError(() -> hostile.basicConsume("bystander", true, (tag, delivery) -> { }, tag -> { }),
                403, 60, 20);
    }

    /** A user with permissions on nothing but the empty name in vhost "/". */
    private static ConnectionFactory restrictedUser() {
        Broker engine = broker.server().broker();
        engine.users().put("hostile", "hostile-secret", Set.of());
        engine.users().setPermission("hostile", "/", new Permission("", "", ""));
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername("hostile");
        factory.setPassword("hostile-secret");
        return factory;
    }

    /** {@code count} channel.open frames on channels 1, 2, ... 65535, 1, ... */
    private static byte[] channelOpens(int count) {
        ByteBuffer frames = ByteBuffer.allocate(count * 13);
        for (int i = 0; i < count; i++) {
            int channel = 1 + (int) (OPENED.getAndIncrement() % 65_535);
            frames.put((byte) RawFrame.METHOD).putShort((short) channel).putInt(5)
                    .putShort((short) 20).putShort((short) 10).put((byte) 0).put((byte) FRAME_END);
        }
        return frames.array();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void assertClosedWith(int replyCode, int classId, int methodId) throws Exception {
        assertClosedWith(raw, replyCode, classId, methodId);
    }

    private static void assertClosedWith(RawConnection raw, int replyCode, int classId, int methodId)
            throws Exception {
        ConnectionCloseFrame close = raw.awaitConnectionClose();
        assertThat(close.ids()).as("connection.close; reply text: %s", close.replyText())
                .isEqualTo(new CloseIds(replyCode, classId, methodId));
        assertThat(raw.closedByBrokerWithin(Duration.ofSeconds(10))).as("socket closed by the broker").isTrue();
    }
}
