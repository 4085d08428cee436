package dev.spool.amqp;

import dev.spool.codec.frame.Frames;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMQP heartbeats for one connection, installed at the head of its pipeline once tune-ok negotiated a non-zero
 * interval: sends a heartbeat frame whenever nothing was written for one interval, and closes the socket when
 * nothing at all was received for two (the connection's channels then give back their unacknowledged messages, as
 * on any connection loss), unless the broker itself stopped reading (a publisher blocked by a resource alarm; RabbitMQ
 * pauses its heartbeat monitor then too). Time comes from the event loop's ticker, so tests drive it without sleeping.
 *
 * <p>Why not Netty's {@code IdleStateHandler}: to time writes it attaches a listener to every write, which turns each
 * void promise of the delivery path into a real one (an allocation per frame, about a tenth of a consumer's CPU in a
 * profile). Here a write sets a flag and the flush that sends it records the time, plain field stores; a flush is when the bytes leave
 * for the socket, which is what the peer's heartbeat monitor sees.
 *
 * <p>One instance per connection; every method runs on its event loop.
 */
final class Heartbeats extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final int intervalSeconds;
    private final long intervalNanos;
    private final long readTimeoutNanos;

    private ChannelHandlerContext ctx;
    private Ticker ticker;
    private long lastReadNanos;
    private long lastWriteNanos;
    /** A read is in progress (between channelRead and channelReadComplete): not idle, whatever the timestamps say. */
    private boolean reading;
    /** Something was written since the last flush. */
    private boolean written;
    private Future<?> readCheck;
    private Future<?> writeCheck;
    private boolean stopped;

    Heartbeats(int intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.readTimeoutNanos = 2 * intervalNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.ticker = context.executor().ticker();
        long now = ticker.nanoTime();
        lastReadNanos = now;
        lastWriteNanos = now;
        if (context.channel().isActive()) {
            readCheck = context.executor().schedule(this::checkRead, readTimeoutNanos, TimeUnit.NANOSECONDS);
            writeCheck = context.executor().schedule(this::checkWrite, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        stop();
        super.channelInactive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        reading = true;
        context.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        if (reading) {
            lastReadNanos = ticker.nanoTime();
            reading = false;
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        written = true;
        context.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext context) throws Exception {
        if (written) { // the connection also flushes after every read, with nothing written
            lastWriteNanos = ticker.nanoTime();
            written = false;
        }
        context.flush();
    }

    private void checkWrite() {
        if (stopped) {
            return;
        }
        long now = ticker.nanoTime();
        long remaining = intervalNanos - (now - lastWriteNanos);
        if (remaining <= 0) {
            // written from this handler's context: goes to the socket without passing through flush() above
            ctx.writeAndFlush(Frames.heartbeat(), ctx.voidPromise());
            lastWriteNanos = now;
            remaining = intervalNanos;
        }
        writeCheck = ctx.executor().schedule(this::checkWrite, remaining, TimeUnit.NANOSECONDS);
    }

    private void checkRead() {
        if (stopped) {
            return;
        }
        long remaining = readTimeoutNanos - (ticker.nanoTime() - lastReadNanos);
        if (reading || remaining > 0) {
            readCheck = ctx.executor().schedule(this::checkRead, reading ? readTimeoutNanos : remaining,
                    TimeUnit.NANOSECONDS);
            return;
        }
        if (ctx.channel().config().isAutoRead()) {
            LOG.warn("closing AMQP connection {}: missed heartbeats from client, timeout: {}s",
                    ctx.channel().remoteAddress(), intervalSeconds);
            ctx.close();
            return;
        }
        // the broker stopped reading (a blocked publisher): not the client's silence; look again later
        readCheck = ctx.executor().schedule(this::checkRead, readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        stopped = true;
        if (readCheck != null) {
            readCheck.cancel(false);
        }
        if (writeCheck != null) {
            writeCheck.cancel(false);
        }
    }
}
