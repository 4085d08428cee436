package dev.spool.it.basic;

import static dev.spool.it.support.ProtocolErrors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Command;
import dev.spool.it.support.RunningBroker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * channel.flow sent by a client. RabbitMQ answers active=true with flow-ok and does not implement a client asking the
 * broker to stop sending (active=false): 540 NOT_IMPLEMENTED. The client library has no flow method any more, so the
 * tests send the method themselves.
 */
class ChannelFlowTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void flowActiveTrueIsAnsweredWithFlowOkActiveTrue() throws Exception {
        Channel channel = broker.newChannel();

        Command reply = channel.asyncCompletableRpc(new AMQP.Channel.Flow.Builder().active(true).build())
                .get(10, TimeUnit.SECONDS);

        assertThat(reply.getMethod()).isInstanceOf(AMQP.Channel.FlowOk.class);
        assertThat(((AMQP.Channel.FlowOk) reply.getMethod()).getActive()).isTrue();
        assertThat(channel.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    @Test
    void flowActiveFalseClosesConnectionWith540() {
        Channel channel = broker.newChannel();

        assertConnectionError(() -> channel.asyncCompletableRpc(new AMQP.Channel.Flow.Builder().active(false).build())
                .get(10, TimeUnit.SECONDS), 540, 20, 20);
    }
}
