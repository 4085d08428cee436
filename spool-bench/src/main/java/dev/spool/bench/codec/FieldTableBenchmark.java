package dev.spool.bench.codec;

import dev.spool.codec.FieldTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding the headers table of {@link TypicalMessage}, the field table a headers exchange reads and a
 * delivery of a message with headers carries. One operation is one whole table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FieldTableBenchmark {
    private FieldTable headers;
    /** The encoded table (length prefix first), read again from index 0 by each decode. */
    private ByteBuf encoded;
    /** Cleared and refilled by each encode, as a connection's outbound buffer would be. */
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        headers = TypicalMessage.headers();
        encoded = PooledByteBufAllocator.DEFAULT.directBuffer(256);
        FieldTable.encode(encoded, headers);
        out = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoded.release();
        out.release();
    }

    @Benchmark
    public FieldTable decodeHeaders() {
        encoded.readerIndex(0);
        return FieldTable.decode(encoded);
    }

    @Benchmark
    public int encodeHeaders() {
        out.clear();
        FieldTable.encode(out, headers);
        return out.writerIndex();
    }
}
