package dev.spool.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that delegates to a real one and can be told to fail writes or fsyncs the way a full or broken disk
 * does. Records the file size covered by its last successful fsync, so tests can check that a callback never fires
 * before its record is covered.
 */
final class FaultyChannel extends FileChannel {
    private final FileChannel delegate;
    private final FaultInjection faults;
    private volatile long durableSize;

    FaultyChannel(FileChannel delegate, FaultInjection faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    long durableSize() {
        return durableSize;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        long covered = delegate.size();
        faults.beforeForce();
        delegate.force(metaData);
        durableSize = covered;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        faults.beforeWrite();
        return delegate.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        faults.beforeWrite();
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        faults.beforeWrite();
        return delegate.write(srcs, offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        faults.beforeWrite();
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
