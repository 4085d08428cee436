package dev.spool.examples.signup;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * Every exchange, queue and binding of the signup story, declared by whoever starts first (the endpoint and the
 * workers both do; declaring again with the same arguments changes nothing).
 *
 * <pre>
 *  endpoint --send_welcome_email--&gt; [signup] --&gt; (signup.send_welcome_email) --&gt; worker pool
 *                                       ^                                          |
 *                                       +------- retry, x-retry-count + 1 ---------+
 *                                                                                  | retries used up
 *                                     [signup.dead-letter] --&gt; (signup.send_welcome_email.dead) &lt;-+
 * </pre>
 *
 * <p>The work queue is declared with {@code x-dead-letter-exchange} and {@code x-dead-letter-routing-key} already, so
 * switching {@link DeadLettering.Mode} from {@code WORKER} to {@code BROKER} later needs no queue to be deleted: a
 * queue declared again with different arguments is refused with 406 PRECONDITION_FAILED, by RabbitMQ and Spool alike.
 */
final class Topology {

    /** The direct exchange the endpoint publishes to. */
    static final String EXCHANGE = "signup";
    /** The routing key, and the name of the job. */
    static final String SEND_WELCOME_EMAIL = "send_welcome_email";
    /** The queue the worker pool consumes from. */
    static final String WORK_QUEUE = "signup.send_welcome_email";
    /** Where messages that ran out of retries go. */
    static final String DEAD_LETTER_EXCHANGE = "signup.dead-letter";
    /** The queue holding them until someone looks. */
    static final String DEAD_LETTER_QUEUE = "signup.send_welcome_email.dead";
    /** The header counting retries; absent on the first attempt. */
    static final String RETRY_COUNT_HEADER = "x-retry-count";

    private Topology() {
    }

    static void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(EXCHANGE, "direct", true);
        channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, "direct", true);
        channel.queueDeclare(WORK_QUEUE, true, false, false, Map.of(
                "x-dead-letter-exchange", DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key", DEAD_LETTER_QUEUE));
        channel.queueBind(WORK_QUEUE, EXCHANGE, SEND_WELCOME_EMAIL);
        channel.queueDeclare(DEAD_LETTER_QUEUE, true, false, false, null);
        channel.queueBind(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, DEAD_LETTER_QUEUE);
    }
}
