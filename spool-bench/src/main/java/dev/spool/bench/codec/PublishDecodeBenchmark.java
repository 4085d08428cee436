package dev.spool.bench.codec;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.frame.ContentBodyFrame;
import dev.spool.codec.frame.ContentHeaderFrame;
import dev.spool.codec.frame.FrameDecoder;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.frame.MethodFrame;
import dev.spool.codec.frame.ProtocolHeaderAccepted;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.MethodRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A published message coming in: basic.publish, its content header and one 1000-byte body frame, as one read from the
 * socket delivers them.
 *
 * <p>{@link #decodePublishFrames} mirrors the server's inbound path: the bytes land in a pooled direct buffer (Netty
 * reads sockets into {@code ioBuffer}s from the pooled allocator), go through the {@link FrameDecoder} in a channel
 * pipeline, and the frames reach a handler that does what the server's publish assembly asks of the codec: read the
 * delivery mode and priority straight from the encoded properties, decode the headers table only when one is flagged,
 * and release the content slices. {@link #decodePublishArguments} is the method decode alone, through
 * {@link MethodRegistry} as the decoder calls it.
 *
 * <p>{@code properties}: {@code minimal} is what PerfTest sends (delivery mode only); {@code typical} adds content
 * type, message id, timestamp, app id and the eight-entry headers table of {@link TypicalMessage}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PublishDecodeBenchmark {
    private static final int CHANNEL = 1;
    private static final long FRAME_MAX = 131_072;

    @Param({"minimal", "typical"})
    public String properties;

    private byte[] wire;
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private PublishSink sink;
    private ByteBuf publishArguments;

    @Setup(Level.Trial)
    public void setUp() {
        BasicProperties props = "typical".equals(properties)
                ? TypicalMessage.properties()
                : BasicProperties.builder().deliveryMode(1).build();
        ByteBuf frames = Unpooled.buffer();
        BasicPublish publish = new BasicPublish(0, TypicalMessage.EXCHANGE, TypicalMessage.ROUTING_KEY, false, false);
        Frames.writeMethodFrame(frames, CHANNEL, publish);
        Frames.writeContentHeader(frames, CHANNEL, TypicalMessage.BODY_SIZE, props);
        Frames.writeContentBody(frames, CHANNEL, Unpooled.wrappedBuffer(TypicalMessage.body()), FRAME_MAX);
        wire = ByteBufUtil.getBytes(frames);
        frames.release();

        FrameDecoder decoder = new FrameDecoder();
        decoder.setMaxFrameSize(FRAME_MAX);
        sink = new PublishSink();
        channel = new EmbeddedChannel(decoder, sink);
        pipeline = channel.pipeline();
        channel.writeInbound(Unpooled.wrappedBuffer(Frames.protocolHeaderBytes()));
        if (!(sink.other instanceof ProtocolHeaderAccepted)) {
            throw new IllegalStateException("protocol header not accepted: " + sink.other);
        }

        publishArguments = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        publish.encodeArguments(publishArguments);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sink.frames == 0 || sink.other != null && !(sink.other instanceof ProtocolHeaderAccepted)) {
            throw new IllegalStateException("frames went astray: " + sink.other);
        }
        channel.finishAndReleaseAll();
        publishArguments.release();
    }

    @Benchmark
    public void decodePublishFrames(Blackhole blackhole) {
        ByteBuf read = ByteBufAllocator.DEFAULT.ioBuffer(wire.length);
        read.writeBytes(wire);
        pipeline.fireChannelRead(read);
        pipeline.fireChannelReadComplete();
        blackhole.consume(sink.publish);
        blackhole.consume(sink.deliveryMode);
        blackhole.consume(sink.priority);
        blackhole.consume(sink.headers);
        blackhole.consume(sink.bodySize);
    }

    @Benchmark
    public Object decodePublishArguments() {
        publishArguments.readerIndex(0);
        return MethodRegistry.decode(BasicPublish.CLASS_ID, BasicPublish.METHOD_ID, publishArguments);
    }

    /** What the frames of the last operation carried; for tests. */
    PublishSink sink() {
        return sink;
    }

    /**
     * Stands where the server's channel handler stands: takes the decoded frames, reads what publishing needs from
     * the content header and releases the content slices. Runs on the benchmark thread (the embedded channel's event
     * loop), the only thread touching it.
     */
    static final class PublishSink extends ChannelInboundHandlerAdapter {
        private static final int HEADERS_FLAG = 1 << 13;

        Object publish;
        int deliveryMode;
        int priority;
        Object headers;
        int bodySize;
        long frames;
        Object other;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames++;
            if (msg instanceof MethodFrame method) {
                publish = method.method();
            } else if (msg instanceof ContentHeaderFrame header) {
                ByteBuf raw = header.properties();
                deliveryMode = BasicProperties.peekDeliveryMode(raw);
                priority = BasicProperties.peekPriority(raw);
                if ((raw.getUnsignedShort(raw.readerIndex()) & HEADERS_FLAG) != 0) {
                    headers = BasicProperties.peekHeaders(raw);
                }
                header.release();
            } else if (msg instanceof ContentBodyFrame body) {
                bodySize = body.payload().readableBytes();
                body.release();
            } else {
                other = msg;
            }
        }
    }
}
