package dev.spool.examples.upload;

import java.util.Locale;

/** The three jobs queued for every upload; each has its own queue and its own worker. */
enum Job {
    PROCESS_THUMBNAILS, MODERATE_CONTENT, SEND_EMAIL;

    /** The job's name, as routing key and in logs: {@code process_thumbnails}. */
    String jobName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The queue holding this job's backlog: {@code uploads.process_thumbnails}. */
    String queue() {
        return Topology.EXCHANGE + "." + jobName();
    }

    static Job named(String name) {
        for (Job job : values()) {
            if (job.jobName().equals(name)) {
                return job;
            }
        }
        throw new IllegalArgumentException("no job '" + name + "': one of process_thumbnails, moderate_content, "
                + "send_email");
    }
}
