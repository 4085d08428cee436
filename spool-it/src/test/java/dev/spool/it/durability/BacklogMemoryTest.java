package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.spool.it.support.BrokerProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog of two million persistent messages in a broker whose heap is capped at 128 MiB (and which exits on an
 * out-of-memory error): queues keep 8 bytes of index per message plus a bounded memory budget (here 8 MiB), so the backlog fits, the whole heap in use after a full collection stays under 24 bytes per queued message,
 * and the backlog drains in order. Bodies are 100 bytes to keep the test quick (1 KiB bodies take five times longer
 * to write); their size does not change the index.
 */
@Tag("slow")
class BacklogMemoryTest {
    private static final int MESSAGES = 2_000_000;
    private static final int PUBLISHERS = 2;
    private static final int BODY_SIZE = 100;
    private static final String QUEUE = "backlog";
    /** The index proper takes 8; the rest is the JVM's own heap and the memory budget, spread over the backlog. */
    private static final int MAX_HEAP_BYTES_PER_MESSAGE = 24;
    private static final Pattern G1_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoMillionMessageBacklogFitsInA128MiBHeapAndDrainsInOrder() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker.log"),
                List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"), List.of("--memory-queue-budget", "8388608"))) {
            try (Connection connection = broker.connectionFactory().newConnection("declare")) {
                connection.createChannel().queueDeclare(QUEUE, true, false, false, null);
            }
            publishAll(broker);
            awaitBacklog(broker);

            long usedBytes = heapUsedAfterFullGcKiB(broker.pid()) * 1024;
            assertThat(usedBytes).as("heap in use after a full GC with %d messages queued: everything the JVM holds,"
                    + " the 8 MiB memory budget included, under %d bytes per message", MESSAGES,
                    MAX_HEAP_BYTES_PER_MESSAGE).isLessThan((long) MESSAGES * MAX_HEAP_BYTES_PER_MESSAGE);

            drainInOrder(broker);
            assertThat(broker.isAlive()).as("broker alive; output:\n" + broker.output()).isTrue();
        }
    }

    private static void publishAll(BrokerProcess broker) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            Thread thread = new Thread(() -> {
                try (Connection connection = broker.connectionFactory().newConnection("publisher-" + publisher)) {
                    Channel channel = connection.createChannel();
                    ByteBuffer body = ByteBuffer.allocate(BODY_SIZE);
                    for (int i = 0; i < MESSAGES / PUBLISHERS; i++) {
                        body.putInt(0, publisher).putInt(4, i);
                        channel.basicPublish("", QUEUE, MessageProperties.PERSISTENT_BASIC, body.array());
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    private static void awaitBacklog(BrokerProcess broker) throws Exception {
        try (Connection connection = broker.connectionFactory().newConnection("count")) {
            Channel channel = connection.createChannel();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int count;
            while ((count = channel.queueDeclarePassive(QUEUE).getMessageCount()) < MESSAGES) {
                assertThat(System.nanoTime()).as("backlog complete, %d of %d queued", count, MESSAGES)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(count).isEqualTo(MESSAGES);
        }
    }

    private static void drainInOrder(BrokerProcess broker) throws Exception {
        try (Connection connection = broker.connectionFactory().newConnection("drain")) {
            Channel channel = connection.createChannel();
            channel.basicQos(2000);
            BlockingQueue<byte[]> inbox = new ArrayBlockingQueue<>(4000);
            BlockingQueue<Long> tags = new ArrayBlockingQueue<>(4000);
            channel.basicConsume(QUEUE, false, (tag, delivery) -> {
                inbox.add(delivery.getBody());
                tags.add(delivery.getEnvelope().getDeliveryTag());
            }, tag -> { });
            int[] next = new int[PUBLISHERS];
            for (int n = 1; n <= MESSAGES; n++) {
                byte[] body = inbox.poll(30, TimeUnit.SECONDS);
                assertThat(body).as("message %d of %d", n, MESSAGES).isNotNull();
                long tag = tags.take();
                ByteBuffer read = ByteBuffer.wrap(body);
                int publisher = read.getInt(0);
                assertThat(read.getInt(4)).as("in order from publisher %d", publisher).isEqualTo(next[publisher]);
                next[publisher]++;
                if (n % 1000 == 0) {
                    channel.basicAck(tag, true);
                }
            }
            assertThat(channel.queueDeclarePassive(QUEUE).getMessageCount()).isZero();
        }
    }

    /** Forces a full collection in the broker's JVM and reads the heap in use from {@code jcmd GC.heap_info}. */
    private static long heapUsedAfterFullGcKiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = G1_USED.matcher(info);
        assertThat(used.find()).as("G1 heap line in:\n" + info).isTrue();
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process process = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("jcmd " + command).isTrue();
        return output;
    }
}
