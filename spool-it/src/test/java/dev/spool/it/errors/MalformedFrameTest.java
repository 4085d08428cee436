package dev.spool.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.ConnectionCloseFrame;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.ProtocolErrors.CloseIds;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RawFrame;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input the client library never produces, written on a raw socket after a correct handshake. The broker answers
 * each with connection.close carrying RabbitMQ's reply code and the class/method ids it blames (0/0 when the frame
 * could not be tied to a method), then closes the socket; afterwards it still serves new clients.
 */
class MalformedFrameTest {
    private static final int FRAME_MAX = 4_096;
    private static final int FRAME_END = 0xCE;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RawConnection raw;

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

    private void assertClosedWith(int replyCode, int classId, int methodId) throws Exception {
        ConnectionCloseFrame close = raw.awaitConnectionClose();
        assertThat(close.ids()).as("connection.close; reply text: %s", close.replyText())
                .isEqualTo(new CloseIds(replyCode, classId, methodId));
        assertThat(raw.closedByBrokerWithin(Duration.ofSeconds(10))).as("socket closed by the broker").isTrue();
    }
}
