/**
 * The image-upload story: an HTTP endpoint saves an upload and queues three jobs for it,
 * {@code process_thumbnails}, {@code moderate_content} and {@code send_email}, each on its own queue behind one
 * direct exchange, and a separate worker per job does the work at its own pace. Stopping one worker leaves its jobs
 * waiting in its queue; starting it again drains the backlog, while the other two never noticed.
 *
 * <p>{@link dev.spool.examples.upload.UploadExample} is the entry point; {@link dev.spool.examples.upload.Topology}
 * names the exchange and the queues; {@link dev.spool.examples.upload.JobWorker} is the one consumer class, given a
 * {@link dev.spool.examples.upload.JobHandler} per job.
 */
package dev.spool.examples.upload;
