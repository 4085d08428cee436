package dev.spool.store;

import java.nio.file.Path;

/**
 * A file in the data directory was written by a newer Spool whose format this one cannot read. Nothing was changed on
 * disk.
 */
public final class UnsupportedFormatException extends StoreException {
    private final int foundVersion;
    private final int supportedVersion;

    public UnsupportedFormatException(Path file, int foundVersion, int supportedVersion) {
        super("data directory format " + foundVersion + " is newer than this Spool (supports " + supportedVersion
                + "): upgrade Spool (found in " + file + ")");
        this.foundVersion = foundVersion;
        this.supportedVersion = supportedVersion;
    }

    public int foundVersion() {
        return foundVersion;
    }

    public int supportedVersion() {
        return supportedVersion;
    }
}
