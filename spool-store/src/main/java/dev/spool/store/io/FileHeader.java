package dev.spool.store.io;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.UnsupportedFormatException;
import dev.spool.store.format.FileHeaderDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes and checks the {@link FileHeaderDescriptor file header}. Used when files are created or opened, never on the
 * hot path, so it allocates freely.
 */
public final class FileHeader {
    /** Returned by {@link #read} for a header torn while its file was being created. */
    public static final long TORN = -1;

    private FileHeader() {
    }

    /** A header for a new file of kind {@code magic}. */
    public static ByteBuffer encode(int magic, long fileId, long createdAtMillis) {
        ByteBuffer header = ByteBuffer.allocate(FileHeaderDescriptor.LENGTH).order(FileHeaderDescriptor.BYTE_ORDER);
        header.putInt(FileHeaderDescriptor.MAGIC_OFFSET, magic)
                .putInt(FileHeaderDescriptor.VERSION_OFFSET, FileHeaderDescriptor.FORMAT_VERSION)
                .putLong(FileHeaderDescriptor.FILE_ID_OFFSET, fileId)
                .putLong(FileHeaderDescriptor.CREATED_AT_OFFSET, createdAtMillis)
                .putInt(FileHeaderDescriptor.RESERVED_OFFSET, 0);
        header.putInt(FileHeaderDescriptor.CRC_OFFSET,
                Crc.of(new CRC32C(), header, 0, FileHeaderDescriptor.CRC_OFFSET));
        return header;
    }

    /** Writes a new header at offset 0 of {@code channel}. */
    public static void write(FileChannel channel, int magic, long fileId) throws IOException {
        DurableFiles.writeFully(channel, encode(magic, fileId, System.currentTimeMillis()), 0);
    }

    /**
     * Reads and checks the header of {@code file}.
     *
     * @return the file id, or {@link #TORN} when the header is incomplete: the file is shorter than a header, or the
     *         header is all zeros, or its CRC does not match
     * @throws CorruptStoreException       when the magic is neither {@code expectedMagic} nor zero: not a Spool file of
     *                                     this kind
     * @throws UnsupportedFormatException  when the format version is newer than this Spool's
     */
    public static long read(Path file, FileChannel channel, int expectedMagic) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FileHeaderDescriptor.LENGTH).order(FileHeaderDescriptor.BYTE_ORDER);
        int read = DurableFiles.readUpTo(channel, header, 0);
        int magic = read >= Integer.BYTES ? header.getInt(FileHeaderDescriptor.MAGIC_OFFSET) : 0;
        if (magic != expectedMagic && magic != 0) {
            throw new CorruptStoreException(file, "not a Spool " + FileHeaderDescriptor.magicName(expectedMagic)
                    + " file (magic " + FileHeaderDescriptor.magicName(magic) + ")");
        }
        if (read < FileHeaderDescriptor.LENGTH || magic == 0) {
            return TORN;
        }
        int version = header.getInt(FileHeaderDescriptor.VERSION_OFFSET);
        if (version > FileHeaderDescriptor.FORMAT_VERSION) {
            throw new UnsupportedFormatException(file, version, FileHeaderDescriptor.FORMAT_VERSION);
        }
        int crc = Crc.of(new CRC32C(), header, 0, FileHeaderDescriptor.CRC_OFFSET);
        if (crc != header.getInt(FileHeaderDescriptor.CRC_OFFSET) || version < 1) {
            return TORN;
        }
        return header.getLong(FileHeaderDescriptor.FILE_ID_OFFSET);
    }
}
