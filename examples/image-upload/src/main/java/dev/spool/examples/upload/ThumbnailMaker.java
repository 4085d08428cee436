package dev.spool.examples.upload;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** {@code process_thumbnails}: scales the upload to 160 pixels wide with the JDK's image I/O. */
final class ThumbnailMaker implements JobHandler {

    static final int WIDTH = 160;

    private final UploadStore store;
    private final long jobMillis;

    ThumbnailMaker(UploadStore store, long jobMillis) {
        this.store = store;
        this.jobMillis = jobMillis;
    }

    @Override
    public String handle(String uploadId, String email) throws IOException, InterruptedException {
        long started = System.nanoTime();
        BufferedImage original = ImageIO.read(store.original(uploadId).toFile());
        if (original == null) {
            throw new IOException("upload " + uploadId + " is not an image");
        }
        int height = Math.max(1, original.getHeight() * WIDTH / original.getWidth());
        BufferedImage thumbnail = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumbnail.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, WIDTH, height, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(thumbnail, "png", png);
        store.write(store.thumbnail(uploadId), png.toByteArray());
        Work.pad(started, jobMillis);
        return "thumbnail " + WIDTH + "x" + height + " written";
    }
}
