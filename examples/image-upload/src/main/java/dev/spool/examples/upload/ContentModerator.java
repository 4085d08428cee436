package dev.spool.examples.upload;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * {@code moderate_content}: a stand-in for a real moderation model. It rejects images too dark to make anything out
 * (mean brightness under 10%) and approves the rest, writing the verdict next to the upload.
 */
final class ContentModerator implements JobHandler {

    private final UploadStore store;
    private final long jobMillis;

    ContentModerator(UploadStore store, long jobMillis) {
        this.store = store;
        this.jobMillis = jobMillis;
    }

    @Override
    public String handle(String uploadId, String email) throws IOException, InterruptedException {
        long started = System.nanoTime();
        BufferedImage image = ImageIO.read(store.original(uploadId).toFile());
        if (image == null) {
            throw new IOException("upload " + uploadId + " is not an image");
        }
        long sum = 0;
        int samples = 0;
        for (int y = 0; y < image.getHeight(); y += 8) {
            for (int x = 0; x < image.getWidth(); x += 8) {
                int rgb = image.getRGB(x, y);
                sum += ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
                samples++;
            }
        }
        int brightness = (int) (sum * 100 / (samples * 3L * 255));
        String verdict = brightness < 10 ? "rejected: too dark (" + brightness + "%)" : "approved";
        store.write(store.moderation(uploadId), (verdict + "\n").getBytes(StandardCharsets.UTF_8));
        Work.pad(started, jobMillis);
        return verdict;
    }
}
