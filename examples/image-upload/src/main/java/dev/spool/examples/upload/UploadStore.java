package dev.spool.examples.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The uploads and what the workers make of them, as files in one folder: {@code <id>.png} for the upload,
 * {@code <id>.thumb.png} for its thumbnail, {@code <id>.moderation.txt} for the verdict. A real service has object
 * storage here. Threads: any; each file is written to a temporary name and moved into place, so a reader never sees
 * half a file.
 */
final class UploadStore {

    private final Path folder;

    UploadStore(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    /** Saves an upload and returns its new id. */
    String save(byte[] image) throws IOException {
        String id = UUID.randomUUID().toString();
        write(original(id), image);
        return id;
    }

    Path original(String id) {
        return folder.resolve(id + ".png");
    }

    Path thumbnail(String id) {
        return folder.resolve(id + ".thumb.png");
    }

    Path moderation(String id) {
        return folder.resolve(id + ".moderation.txt");
    }

    void write(Path file, byte[] content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.write(partial, content);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Path folder() {
        return folder;
    }
}
