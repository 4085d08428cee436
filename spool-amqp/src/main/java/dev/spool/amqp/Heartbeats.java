package dev.spool.amqp;

import dev.spool.codec.frame.Frames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
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
 * <p>One instance per connection, called on its event loop.
 */
final class Heartbeats extends IdleStateHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final int intervalSeconds;

    Heartbeats(int intervalSeconds) {
        super(2L * intervalSeconds, intervalSeconds, 0, TimeUnit.SECONDS);
        this.intervalSeconds = intervalSeconds;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (event.state() == IdleState.WRITER_IDLE) {
            ctx.writeAndFlush(Frames.heartbeat(), ctx.voidPromise());
        } else if (event.state() == IdleState.READER_IDLE && ctx.channel().config().isAutoRead()) {
            LOG.warn("closing AMQP connection {}: missed heartbeats from client, timeout: {}s",
                    ctx.channel().remoteAddress(), intervalSeconds);
            ctx.close();
        }
    }
}
