package dev.spool.examples.upload;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * The exchange and queues of the image-upload story, declared by the endpoint and by every worker at start
 * (declaring again with the same arguments changes nothing), so whichever starts first creates them and jobs
 * published while a worker is away wait in its queue.
 *
 * <pre>
 *                                    +--process_thumbnails--&gt; (uploads.process_thumbnails) --&gt; thumbnail worker
 *  endpoint --3 jobs--&gt; [uploads] ---+--moderate_content----&gt; (uploads.moderate_content)   --&gt; moderation worker
 *                       direct       +--send_email----------&gt; (uploads.send_email)         --&gt; email worker
 * </pre>
 */
final class Topology {

    /** The direct exchange the endpoint publishes every job to, with the job's name as routing key. */
    static final String EXCHANGE = "uploads";

    private Topology() {
    }

    static void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(EXCHANGE, "direct", true);
        for (Job job : Job.values()) {
            channel.queueDeclare(job.queue(), true, false, false, null);
            channel.queueBind(job.queue(), EXCHANGE, job.jobName());
        }
    }
}
