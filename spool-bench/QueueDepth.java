import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Waits until a queue holds an expected number of ready messages, for {@code run-perftest.sh}'s backlog scenario:
 * PerfTest's producer ends when it has written its last message, before the broker has necessarily queued it.
 *
 * <pre>java -cp 'spool-perftest/target/lib/*' spool-bench/QueueDepth.java URI QUEUE EXPECTED TIMEOUT_SECONDS</pre>
 *
 * <p>Polls with a passive {@code queue.declare} every 100 ms on one connection, run by the main thread only. Prints
 * the last depth seen and the milliseconds waited; exits 0 once the depth reaches EXPECTED, 1 on timeout.
 */
public final class QueueDepth {

    private QueueDepth() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: QueueDepth URI QUEUE EXPECTED TIMEOUT_SECONDS");
            System.exit(2);
        }
        long expected = Long.parseLong(args[2]);
        long start = System.nanoTime();
        long deadline = start + Long.parseLong(args[3]) * 1_000_000_000L;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        long depth = -1;
        try (Connection connection = factory.newConnection("queue-depth"); Channel channel = connection.createChannel()) {
            while (true) {
                depth = channel.queueDeclarePassive(args[1]).getMessageCount();
                if (depth >= expected || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        System.out.println("depth " + depth + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        System.exit(depth >= expected ? 0 : 1);
    }
}
