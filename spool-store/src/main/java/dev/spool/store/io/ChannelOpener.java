package dev.spool.store.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels of a log. Production code uses {@link #DEFAULT}; tests pass an opener that wraps channels to
 * count fsyncs or to fail writes and fsyncs (ENOSPC, EIO) on cue. Called by whichever thread opens or rolls a file.
 */
@FunctionalInterface
public interface ChannelOpener {
    ChannelOpener DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
