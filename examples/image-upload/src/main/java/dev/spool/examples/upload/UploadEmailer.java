package dev.spool.examples.upload;

/** {@code send_email}: tells the uploader their picture is up. Simulated: it takes a while and then logs. */
final class UploadEmailer implements JobHandler {

    private final long jobMillis;

    UploadEmailer(long jobMillis) {
        this.jobMillis = jobMillis;
    }

    @Override
    public String handle(String uploadId, String email) throws InterruptedException {
        Work.pad(System.nanoTime(), jobMillis);
        return "emailed " + email + ": \"your picture " + JobWorker.shortId(uploadId) + " is up\"";
    }
}
