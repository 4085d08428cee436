package dev.spool.store;

import java.nio.file.Path;

/**
 * A file or record is damaged in a way recovery does not repair by truncating a torn tail: a file that is not Spool's,
 * or a record that fails its CRC when read back on delivery.
 */
public final class CorruptStoreException extends StoreException {
    public CorruptStoreException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
