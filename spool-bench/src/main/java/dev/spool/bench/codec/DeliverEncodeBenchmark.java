package dev.spool.bench.codec;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.Wire;
import dev.spool.codec.frame.ContentFrames;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.method.BasicDeliver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A message going out: basic.deliver, its content header and one 1000-byte body frame, encoded into one pooled
 * direct buffer that is then released (as writing it to the socket would).
 *
 * <p>The engine keeps a message's properties (wire-encoded) and body as arrays. {@link #encodeDeliver} does what the
 * server's delivery path does with them: write basic.deliver's arguments straight from the consumer tag, delivery tag
 * and the message's exchange and routing key (no method object), then copy the properties and the body behind their
 * frame headers. {@link #encodeDeliverContentFrames} goes through the codec's {@link ContentFrames} with a
 * {@link BasicDeliver} record instead, the general path for content-bearing methods.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeliverEncodeBenchmark {
    private static final int CHANNEL = 1;
    private static final long FRAME_MAX = 131_072;
    /** Room for a method frame with three short strings and the content header's fixed part. */
    private static final int METHOD_ROOM = 3 * 256 + 64;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private byte[] properties;
    private byte[] body;
    private ByteBuf propertiesBuf;
    private ByteBuf bodyBuf;
    private long deliveryTag;

    @Setup(Level.Trial)
    public void setUp() {
        ByteBuf encoded = Unpooled.buffer();
        BasicProperties typical = TypicalMessage.properties();
        typical.encode(encoded);
        properties = ByteBufUtil.getBytes(encoded);
        encoded.release();
        body = TypicalMessage.body();
        propertiesBuf = Unpooled.wrappedBuffer(properties);
        bodyBuf = Unpooled.wrappedBuffer(body);
    }

    @Benchmark
    public int encodeDeliver() {
        ByteBuf out = alloc.ioBuffer(METHOD_ROOM + properties.length + body.length + Frames.FRAME_OVERHEAD);
        out.writeByte(Frames.FRAME_METHOD).writeShort(CHANNEL);
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        out.writeShort(BasicDeliver.CLASS_ID).writeShort(BasicDeliver.METHOD_ID);
        Wire.writeShortString(out, TypicalMessage.CONSUMER_TAG);
        out.writeLong(++deliveryTag);
        out.writeByte(0);
        Wire.writeShortString(out, TypicalMessage.EXCHANGE);
        Wire.writeShortString(out, TypicalMessage.ROUTING_KEY);
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
        out.writeByte(Frames.FRAME_END);
        out.writeByte(Frames.FRAME_HEADER).writeShort(CHANNEL);
        out.writeInt(Frames.CONTENT_HEADER_PREFIX + properties.length);
        out.writeShort(BasicDeliver.CLASS_ID).writeShort(0).writeLong(body.length);
        out.writeBytes(properties);
        out.writeByte(Frames.FRAME_END);
        out.writeByte(Frames.FRAME_BODY).writeShort(CHANNEL).writeInt(body.length);
        out.writeBytes(body);
        out.writeByte(Frames.FRAME_END);
        int written = out.readableBytes();
        out.release();
        return written;
    }

    @Benchmark
    public int encodeDeliverContentFrames() {
        BasicDeliver deliver = new BasicDeliver(TypicalMessage.CONSUMER_TAG, ++deliveryTag, false,
                TypicalMessage.EXCHANGE, TypicalMessage.ROUTING_KEY);
        ByteBuf out = ContentFrames.encode(alloc, CHANNEL, deliver, propertiesBuf, bodyBuf, FRAME_MAX);
        int written = out.readableBytes();
        out.release();
        return written;
    }
}
