package io.github.wildfiresfu.recorder.mjr;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes one MJR00002 recording (the layout of Janus's {@code src/record.c}, documented in
 * {@code src/mainpage.dox} "Meetecho Janus Recordings"):
 * <pre>
 * "MJR00002"                         written when the writer is created
 * u16 BE length + JSON info header   written with the first packet ({@link MjrHeader}, {@code u} = its time)
 * per packet:
 *   "MEET" + u32 BE ms since the first packet + u16 BE length
 *   [data only] i64 BE real time in µs since the epoch (counted in the length)
 *   the packet bytes
 * </pre>
 *
 * <p><b>Flush policy.</b> Records are appended whole to an in-memory buffer ({@link #DEFAULT_BUFFER_BYTES})
 * and the buffer goes to the channel when the next record does not fit, on {@link #flush()} and on
 * {@link #close()}. The owner calls {@code flush()} whenever it has no more packets queued (the
 * recorder's writer thread does so after every batch and at least once a second). So what reaches the
 * file is always a sequence of whole records, except when a write itself fails half-way (disk full)
 * or the process dies inside one; {@link MjrReader} reads such a file up to its last whole record.
 * A crash of the JVM loses at most the records in the buffer (at most a second of one stream);
 * {@code close()} also forces the data to the storage device when the channel is a file.
 *
 * <p><b>Temporary name.</b> {@link #create} can write {@code <base>.mjr.<tmpExt>} and rename it to
 * {@code <base>.mjr} on close, as Janus does when {@code recordings_tmp_ext} is set, so that tools
 * watching the directory only see finished files.
 *
 * <p>Not thread-safe: one thread (the recorder's writer thread) owns a writer. Packets are written as
 * given; rewriting sequence numbers and timestamps is the caller's business.
 */
public final class MjrWriter implements Closeable {

    /** Default size of the record buffer. */
    public static final int DEFAULT_BUFFER_BYTES = 16 * 1024;
    /** Largest RTP packet a record can hold (u16 length). */
    public static final int MAX_RTP_LENGTH = 0xFFFF;
    /** Largest data message a record can hold (u16 length, minus the 8-byte real-time prefix). */
    public static final int MAX_DATA_LENGTH = 0xFFFF - 8;

    private static final byte[] MAGIC = MjrFormat.MJR00002.magic().getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAG = {'M', 'E', 'E', 'T'};
    private static final int RECORD_PREFIX = 10;

    private final WritableByteChannel channel;
    private final Path writingPath;
    private final Path finalPath;
    private final ByteBuffer buffer;
    private MjrHeader header;
    private boolean headerWritten;
    private boolean closed;
    private long firstArrivalMicros;
    private long records;
    private long fileBytes;

    /**
     * A writer on an open channel (tests, or a caller that manages the file). Writes the magic at once,
     * as Janus does, so a recording that never gets a packet is an 8-byte file.
     *
     * @param header the info header; its {@code u} is replaced by the time of the first packet
     */
    public MjrWriter(WritableByteChannel channel, MjrHeader header, int bufferBytes) throws IOException {
        this(channel, header, bufferBytes, null, null);
    }

    private MjrWriter(WritableByteChannel channel, MjrHeader header, int bufferBytes, Path writingPath,
                      Path finalPath) throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.header = Objects.requireNonNull(header, "header");
        header.toJsonBytes(); // Fail now, not at the first packet, if the header cannot be written.
        if (bufferBytes < 64) {
            throw new IllegalArgumentException("bufferBytes must be at least 64, got " + bufferBytes);
        }
        this.buffer = ByteBuffer.allocate(bufferBytes);
        this.writingPath = writingPath;
        this.finalPath = finalPath;
        buffer.put(MAGIC);
        flush();
    }

    /**
     * Creates {@code dir} if needed and opens {@code <dir>/<baseName>.mjr}, or
     * {@code <dir>/<baseName>.mjr.<tmpExt>} when {@code tmpExt} is non-empty (renamed on close).
     * An existing file of that name is replaced, as Janus's {@code fopen(path, "wb")} does.
     *
     * @throws IOException when the directory cannot be created or the file cannot be opened; the
     *                     message names the path
     */
    public static MjrWriter create(Path dir, String baseName, String tmpExt, MjrHeader header, int bufferBytes)
            throws IOException {
        Path finalPath = dir.resolve(baseName + ".mjr");
        Path writingPath = tmpExt == null || tmpExt.isEmpty() ? finalPath : dir.resolve(baseName + ".mjr." + tmpExt);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create recording directory " + dir + ": " + describe(e), e);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(writingPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot open recording " + writingPath + ": " + describe(e), e);
        }
        try {
            return new MjrWriter(ch, header, bufferBytes, writingPath, finalPath);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Appends one record. The first call also writes the info header, with {@code u} = {@code wallMicros}.
     *
     * @param arrivalMicros monotonic arrival time in µs; the record's time is the milliseconds since the
     *                      first packet's arrival (clamped to 0 .. 2^32-1)
     * @param wallMicros    real time in µs since the epoch: the header's {@code u} for the first packet,
     *                      and the 8-byte prefix of data records
     * @throws IllegalArgumentException when the packet is empty or longer than a record can hold
     * @throws IOException              when the buffer had to be flushed and the write failed
     */
    public void write(byte[] packet, int off, int len, long arrivalMicros, long wallMicros) throws IOException {
        ensureOpen();
        boolean data = header.type() == MjrMediaType.DATA;
        if (len < 1 || len > (data ? MAX_DATA_LENGTH : MAX_RTP_LENGTH)) {
            throw new IllegalArgumentException("packet length " + len + " out of range 1.."
                    + (data ? MAX_DATA_LENGTH : MAX_RTP_LENGTH));
        }
        Objects.checkFromIndexSize(off, len, packet.length);
        if (!headerWritten) {
            header = header.withFirstWriteMicros(wallMicros);
            byte[] json = header.toJsonBytes();
            reserve(2 + json.length);
            buffer.putShort((short) json.length).put(json);
            headerWritten = true;
            firstArrivalMicros = arrivalMicros;
        }
        long sinceFirst = (arrivalMicros - firstArrivalMicros) / 1000;
        int ms = (int) Math.max(0, Math.min(0xFFFF_FFFFL, sinceFirst));
        int extra = data ? 8 : 0;
        int recordLength = RECORD_PREFIX + extra + len;
        if (recordLength <= buffer.capacity()) {
            reserve(recordLength);
            putPrefix(ms, len + extra, data, wallMicros);
            buffer.put(packet, off, len);
        } else {
            // Bigger than the buffer: flush, then write prefix and packet straight through.
            flush();
            putPrefix(ms, len + extra, data, wallMicros);
            flush();
            writeFully(ByteBuffer.wrap(packet, off, len));
        }
        records++;
    }

    private void putPrefix(int ms, int length, boolean data, long wallMicros) {
        buffer.put(TAG).putInt(ms).putShort((short) length);
        if (data) {
            buffer.putLong(wallMicros);
        }
    }

    private void reserve(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    /** Writes the buffered records to the channel. */
    public void flush() throws IOException {
        ensureOpen();
        buffer.flip();
        try {
            writeFully(buffer);
        } finally {
            buffer.compact();
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            int n = channel.write(b);
            fileBytes += n;
        }
    }

    /** Whether there are records in the buffer that have not reached the channel. */
    public boolean hasBufferedRecords() {
        return buffer.position() > 0;
    }

    /** Records written so far (buffered or not). */
    public long records() {
        return records;
    }

    /** Bytes that reached the channel so far. */
    public long fileBytes() {
        return fileBytes;
    }

    /** The header as it is (with {@code u} once the first packet was written). */
    public MjrHeader header() {
        return header;
    }

    /** The path being written ({@code .mjr.<tmp>} while open), or null for a channel writer. */
    public Path writingPath() {
        return writingPath;
    }

    /** The path the recording has once closed, or null for a channel writer. */
    public Path finalPath() {
        return finalPath;
    }

    /**
     * Flushes, forces file data to the device, closes the channel and renames a temporary file to
     * its final name. The rename is attempted even if the flush fails, so that a partly written
     * recording is not left behind under its temporary name. Idempotent.
     *
     * @throws IOException the first failure (flush, force, close or rename), naming the file
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        IOException failure = null;
        try {
            flush();
            if (channel instanceof FileChannel fc) {
                fc.force(false);
            }
        } catch (IOException e) {
            failure = e;
        }
        closed = true;
        failure = closeChannelAndRename(failure);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Closes without writing what is still buffered, after a write failed (disk full): the file keeps
     * the records that reached it, and is renamed like on {@link #close()}. Idempotent.
     *
     * @throws IOException a failure to close or rename, naming the file
     */
    public void abandon() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        buffer.clear();
        IOException failure = closeChannelAndRename(null);
        if (failure != null) {
            throw failure;
        }
    }

    private IOException closeChannelAndRename(IOException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure = failure != null ? failure : e;
        }
        if (writingPath != null && !writingPath.equals(finalPath)) {
            try {
                Files.move(writingPath, finalPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                failure = failure != null ? failure
                        : new IOException("cannot rename " + writingPath + " to " + finalPath + ": " + describe(e), e);
            }
        }
        return failure;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("MJR writer is closed");
        }
    }

    /** A short reason for an I/O failure ({@code NoSuchFileException} only carries the path). */
    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return m == null ? kind : (e instanceof java.nio.file.FileSystemException ? kind + " " + m : m);
    }
}
