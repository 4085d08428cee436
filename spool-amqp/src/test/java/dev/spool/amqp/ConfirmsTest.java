package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.frame.FrameDecoder;
import dev.spool.codec.frame.MethodFrame;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicNack;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Confirms go out in sequence order whether a publish is safe at once, waits for the disk, or fails. */
class ConfirmsTest {
    private static final int CHANNEL = 1;

    private final EmbeddedChannel server = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final EmbeddedChannel client = new EmbeddedChannel(FrameDecoder.withoutProtocolHeader());
    private final FrameWriter writer = new FrameWriter(server.pipeline().firstContext());
    private final Confirms confirms = new Confirms();

    @AfterEach
    void close() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void publishesSafeAtOnceAreConfirmedByOneMultipleAck() {
        confirms.enable();
        for (int i = 0; i < 3; i++) {
            confirms.ack(confirms.next());
        }
        confirms.flush(writer, CHANNEL);

        assertThat(written()).containsExactly(new BasicAck(3, true));
        assertThat(confirms.hasPending()).isFalse();
    }

    @Test
    void publishWaitingForTheDiskHoldsBackLaterOnesUntilItIsDurable() {
        confirms.enable();
        confirms.ack(confirms.next()); // 1: transient
        confirms.awaitDisk(confirms.next()); // 2: persistent, durable queue
        confirms.ack(confirms.next()); // 3: transient
        confirms.flush(writer, CHANNEL);
        assertThat(written()).containsExactly(new BasicAck(1, false));

        confirms.diskResolved(2, none(), writer, CHANNEL);
        confirms.flush(writer, CHANNEL);

        assertThat(written()).containsExactly(new BasicAck(3, true));
    }

    @Test
    void failedStoredPublishIsNackedAfterTheAcksBeforeItAndLaterOnesAreAcked() {
        confirms.enable();
        for (int i = 0; i < 4; i++) {
            confirms.awaitDisk(confirms.next());
        }

        confirms.diskResolved(4, failed(3), writer, CHANNEL);
        confirms.flush(writer, CHANNEL);

        assertThat(written()).containsExactly(new BasicAck(2, true), new BasicNack(3, false, false),
                new BasicAck(4, false));
    }

    @Test
    void nackBehindAPublishWaitingForTheDiskWaitsItsTurn() {
        confirms.enable();
        confirms.awaitDisk(confirms.next()); // 1
        confirms.nack(confirms.next(), writer, CHANNEL); // 2: failed while routing
        confirms.ack(confirms.next()); // 3
        confirms.flush(writer, CHANNEL);
        assertThat(written()).isEmpty();

        confirms.diskResolved(1, none(), writer, CHANNEL);
        confirms.flush(writer, CHANNEL);

        assertThat(written()).containsExactly(new BasicAck(1, false), new BasicNack(2, false, false),
                new BasicAck(3, false));
    }

    @Test
    void partlyResolvedDiskWaitConfirmsOnlyWhatIsDurable() {
        confirms.enable();
        for (int i = 0; i < 5; i++) {
            confirms.awaitDisk(confirms.next());
        }

        confirms.diskResolved(3, none(), writer, CHANNEL);
        confirms.flush(writer, CHANNEL);
        assertThat(written()).containsExactly(new BasicAck(3, true));
        assertThat(confirms.hasPending()).isFalse();

        confirms.diskResolved(5, none(), writer, CHANNEL);
        confirms.flush(writer, CHANNEL);
        assertThat(written()).containsExactly(new BasicAck(5, true));
    }

    private static Confirms.Failures none() {
        return sequence -> false;
    }

    private static Confirms.Failures failed(long... sequences) {
        Set<Long> failed = new java.util.HashSet<>();
        for (long sequence : sequences) {
            failed.add(sequence);
        }
        return failed::contains;
    }

    /** The methods written since the last call. */
    private List<AmqpMethod> written() {
        server.flush();
        Object out;
        while ((out = server.readOutbound()) != null) {
            client.writeInbound(out);
        }
        List<AmqpMethod> methods = new ArrayList<>();
        Object frame;
        while ((frame = client.readInbound()) != null) {
            methods.add(((MethodFrame) frame).method());
        }
        return methods;
    }
}
