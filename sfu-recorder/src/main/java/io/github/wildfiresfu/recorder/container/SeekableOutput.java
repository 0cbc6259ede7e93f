package io.github.wildfiresfu.recorder.container;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Buffered sequential output to a file that can also patch bytes already written: containers write
 * sizes, durations and offsets they only know at the end (Matroska Segment size and Duration, the MP4
 * {@code mdat} size) into placeholders.
 *
 * <p>Not thread-safe.
 */
public final class SeekableOutput implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    private long flushed;

    private SeekableOutput(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates (or truncates) {@code file}. */
    public static SeekableOutput create(Path file) throws IOException {
        try {
            return new SeekableOutput(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException e) {
            throw new IOException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** The offset the next byte will be written at. */
    public long position() {
        return flushed + buffer.position();
    }

    /** Appends {@code b[off..off+len)}. */
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.remaining()) {
            flush();
            if (len > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(b, off, len), -1);
                return;
            }
        }
        buffer.put(b, off, len);
    }

    /** Appends all of {@code b}. */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Overwrites bytes at {@code offset} (which must have been written already). */
    public void patch(long offset, byte[] b) throws IOException {
        if (offset < 0 || offset + b.length > position()) {
            throw new IllegalArgumentException("patch at " + offset + "+" + b.length + " beyond " + position());
        }
        flush();
        writeFully(ByteBuffer.wrap(b), offset);
    }

    private void flush() throws IOException {
        buffer.flip();
        writeFully(buffer, -1);
        buffer.clear();
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (at < 0) {
                flushed += channel.write(b, flushed);
            } else {
                at += channel.write(b, at);
            }
        }
    }

    /** Flushes and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
