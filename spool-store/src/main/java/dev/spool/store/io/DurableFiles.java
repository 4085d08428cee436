package dev.spool.store.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Positional read/write loops and the fsync steps that make file creation, deletion and renames durable. */
public final class DurableFiles {
    private DurableFiles() {
    }

    /** Writes all of {@code buffer} at {@code position} (a positional write may be short). */
    public static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /**
     * Reads from {@code position} until {@code buffer} is full or the file ends; returns the number of bytes read.
     */
    public static int readUpTo(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Reads exactly {@code buffer.remaining()} bytes from {@code position} or throws {@link EOFException}. */
    public static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int wanted = buffer.remaining();
        if (readUpTo(channel, buffer, position) < wanted) {
            throw new EOFException("file ends before " + (position + wanted));
        }
    }

    /** Makes creations, renames and deletions of entries in {@code directory} durable. */
    public static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Atomically replaces {@code target} with the already fsynced {@code temp}, then fsyncs the directory so the
     * rename survives a crash. A crash before the rename leaves {@code target} untouched and {@code temp} behind.
     */
    public static void replace(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.toAbsolutePath().getParent());
    }
}
