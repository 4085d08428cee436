package dev.spool.examples.upload;

/**
 * What one job does with an upload. Threads: called on the consumer thread of the job's worker, one job at a time.
 * A handler must be safe to run twice for the same upload (delivery is at-least-once: a worker killed after the work
 * but before its ack gets the job again); the three here are, as each writes the same result again.
 */
interface JobHandler {

    /**
     * Does the job for one upload.
     *
     * @param uploadId the upload
     * @param email who uploaded it
     * @return one line for the log saying what was done
     */
    String handle(String uploadId, String email) throws Exception;
}
