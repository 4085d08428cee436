package dev.spool.store;

import java.nio.file.Path;

/** Another process (or another open in this one) holds the data directory's lock. */
public final class DataDirectoryLockedException extends StoreException {
    public DataDirectoryLockedException(Path directory, String holder) {
        super("data directory " + directory + " is in use by another Spool"
                + (holder.isEmpty() ? "" : " (" + holder + ")") + ": stop it or choose another data directory");
    }
}
