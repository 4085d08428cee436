package dev.spool.store;

import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.io.DurableFiles;
import dev.spool.store.io.FileHeader;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The broker's data directory, held exclusively while open. Layout:
 *
 * <pre>
 *  data/
 *    spool.lock          exclusive lock (FileChannel.tryLock), holds the owner's pid for the error message
 *    format              file header only: magic SPLF + the directory's format version
 *    definitions.log     the {@link dev.spool.store.definitions.RecordLog definitions log}
 *    messages/&lt;name&gt;/    one {@link dev.spool.store.log.SegmentedLog message log} per name (e.g. per vhost)
 *    dedup/&lt;name&gt;/       {@link dev.spool.store.dedup.DeduplicationLog deduplication logs}, one directory
 *                        per vhost
 * </pre>
 *
 * Opening takes the lock before anything else is read or written, so two brokers never share a directory, then
 * checks the format file (creating it in a fresh directory) and refuses a newer format with
 * {@link UnsupportedFormatException}. The lock is advisory and per process; it is released by {@link #close()} or
 * when the process dies, so a {@code kill -9} never leaves a stale lock behind.
 *
 * <p>Opened and closed by the thread that starts and stops the broker; the path methods are safe from any thread.
 */
public final class DataDirectory implements Closeable {
    public static final String LOCK_FILE = "spool.lock";
    public static final String FORMAT_FILE = "format";
    public static final String DEFINITIONS_FILE = "definitions.log";
    public static final String MESSAGES_DIRECTORY = "messages";
    public static final String DEDUPLICATION_DIRECTORY = "dedup";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed, locks it and checks its format.
     *
     * @throws DataDirectoryLockedException when another Spool holds it
     * @throws UnsupportedFormatException   when it was written by a newer Spool
     */
    public static DataDirectory open(Path root) throws IOException {
        Path directory = root.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            lock = tryLock(lockChannel);
            if (lock == null) {
                throw new DataDirectoryLockedException(directory, holder(lockChannel));
            }
            recordHolder(lockChannel);
            checkFormat(directory);
            return new DataDirectory(directory, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.release();
            }
            lockChannel.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    public Path definitionsFile() {
        return root.resolve(DEFINITIONS_FILE);
    }

    /**
     * The directory of the message log called {@code name}, created if missing. Names are plain file names
     * ({@code [A-Za-z0-9._-]}, not "." or ".."); the engine chooses them, e.g. one per vhost id.
     */
    public Path messageLogDirectory(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || !isPlainName(name)) {
            throw new IllegalArgumentException("not a plain directory name: '" + name + "'");
        }
        return Files.createDirectories(root.resolve(MESSAGES_DIRECTORY).resolve(name));
    }

    /**
     * The directory of the deduplication logs called {@code name} (one per vhost); created by the first log opened in
     * it. Same naming rules as {@link #messageLogDirectory}.
     */
    public Path deduplicationDirectory(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || !isPlainName(name)) {
            throw new IllegalArgumentException("not a plain directory name: '" + name + "'");
        }
        return root.resolve(DEDUPLICATION_DIRECTORY).resolve(name);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it already
        }
    }

    private static String holder(FileChannel lockChannel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(64);
            int n = DurableFiles.readUpTo(lockChannel, text, 0);
            return new String(text.array(), 0, n, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static void recordHolder(FileChannel lockChannel) throws IOException {
        lockChannel.truncate(0);
        String text = "pid " + ProcessHandle.current().pid() + "\n";
        DurableFiles.writeFully(lockChannel, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private static void checkFormat(Path directory) throws IOException {
        Path formatFile = directory.resolve(FORMAT_FILE);
        if (Files.exists(formatFile)) {
            try (FileChannel channel = FileChannel.open(formatFile, StandardOpenOption.READ)) {
                if (FileHeader.read(formatFile, channel, FileHeaderDescriptor.FORMAT_FILE_MAGIC) == FileHeader.TORN) {
                    throw new CorruptStoreException(formatFile, "damaged format file (it is written atomically, so "
                            + "this is not a crash leftover); restore the data directory from a backup");
                }
            }
            return;
        }
        Path temp = directory.resolve(FORMAT_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            FileHeader.write(channel, FileHeaderDescriptor.FORMAT_FILE_MAGIC, 0);
            channel.force(true);
        }
        DurableFiles.replace(temp, formatFile);
    }

    private static boolean isPlainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
