package io.github.wildfiresfu.recorder.mjr;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Reads Janus recordings in all three formats ({@link MjrFormat}): MJR00002 (Janus 0.7.4+ and ours),
 * MJR00001 and the legacy {@code MEETECHO} format, following the layout {@code janus-pp-rec} parses
 * ({@code src/postprocessing/janus-pp-rec.c}).
 *
 * <p>Opening checks the magic and the info header and throws {@link MjrFormatException} with a one-line
 * message if they are unusable. {@link #next()} then returns the packet records in file order. What
 * happens at a damaged record depends on the {@link Mode}: {@code STRICT} throws, {@code SALVAGE} stops
 * there and keeps the reason in {@link #problem()}. A file whose writer crashed or ran out of disk ends
 * with a partial record; in either mode everything before it is read, and in {@code SALVAGE} mode that
 * is not an error.
 *
 * <p>The file is read sequentially through one buffer; {@link #readAt} reads a packet again by offset
 * (the post-processor does so after ordering). Not thread-safe.
 */
public final class MjrReader implements Closeable {

    /** What to do at a damaged record. */
    public enum Mode {
        /** Throw {@link MjrFormatException} at a truncated or damaged record. */
        STRICT,
        /** Stop at a truncated or damaged record, keeping its description in {@link #problem()}. */
        SALVAGE
    }

    private static final int BUFFER_BYTES = 128 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final Mode mode;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
    /** File offset of {@code buf}'s index 0. */
    private long bufFileOffset;
    private final MjrFormat format;
    private final MjrHeader header;
    private final long firstRecordOffset;
    private final MjrRecord record = new MjrRecord();
    private long position;
    private long records;
    private long skippedRecords;
    private String problem;
    private boolean finished;

    private MjrReader(Path path, FileChannel channel, Mode mode) throws IOException {
        this.path = path;
        this.channel = channel;
        this.mode = mode;
        this.fileSize = channel.size();
        buf.limit(0);
        if (fileSize < MjrFormat.PREFIX_LENGTH) {
            throw new MjrFormatException(path + ": " + fileSize + "-byte file is too short to be a Janus recording");
        }
        fill(0, MjrFormat.PREFIX_LENGTH);
        MjrFormat f = MjrFormat.ofMagic(buf.array(), 0);
        if (f == null) {
            throw new MjrFormatException(path + ": bad magic \"" + printable(buf.array(), 0, MjrFormat.PREFIX_LENGTH)
                    + "\" at offset 0 (expected MJR00002, MJR00001 or MEETECHO): not a Janus recording");
        }
        this.format = f;
        if (fileSize == MjrFormat.PREFIX_LENGTH) {
            throw new MjrFormatException(path + ": recording has no info header (only the magic; no packet was"
                    + " ever written to it)");
        }
        if (!ensure(MjrFormat.PREFIX_LENGTH, 2)) {
            throw new MjrFormatException(path + ": info header length at offset 8 is truncated");
        }
        int len = u16(MjrFormat.PREFIX_LENGTH);
        long headerStart = MjrFormat.PREFIX_LENGTH + 2;
        if (len == 0) {
            throw new MjrFormatException(path + ": info header at offset 10 is empty");
        }
        if (headerStart + len > fileSize) {
            throw new MjrFormatException(path + ": info header at offset 10 claims " + len + " bytes but the file has "
                    + (fileSize - headerStart) + " left (truncated or not a recording)");
        }
        ensure(headerStart, len);
        int at = (int) (headerStart - bufFileOffset);
        if (f == MjrFormat.LEGACY_MEETECHO) {
            this.header = legacyHeader(buf.array(), at, len);
        } else {
            String json = new String(buf.array(), at, len, StandardCharsets.UTF_8);
            this.header = MjrHeader.parse(json, path + " offset 10");
        }
        this.firstRecordOffset = headerStart + len;
        this.position = firstRecordOffset;
    }

    /**
     * Opens a recording and reads its header.
     *
     * @throws MjrFormatException when the file is not a usable recording (bad magic, bad header)
     * @throws IOException        when it cannot be read
     */
    public static MjrReader open(Path file, Mode mode) throws IOException {
        Objects.requireNonNull(mode, "mode");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new IOException("cannot open " + file + ": " + MjrWriter.describe(e), e);
        }
        try {
            return new MjrReader(file, ch, mode);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private MjrHeader legacyHeader(byte[] b, int at, int len) throws MjrFormatException {
        String kind = printable(b, at, len);
        MjrMediaType type;
        String codec;
        // janus-pp-rec looks only at the first letter and assumes the codec of that era.
        switch (len > 0 ? (char) b[at] : '?') {
            case 'a' -> {
                type = MjrMediaType.AUDIO;
                codec = "opus";
            }
            case 'v' -> {
                type = MjrMediaType.VIDEO;
                codec = "vp8";
            }
            case 'd' -> {
                type = MjrMediaType.DATA;
                codec = "text";
            }
            default -> throw new MjrFormatException(path + ": legacy MEETECHO header names an unknown media type \""
                    + kind + "\" at offset 10");
        }
        return new MjrHeader(type, codec, null, null, null, 0, 0, 0, false, null);
    }

    /** The file's format. */
    public MjrFormat format() {
        return format;
    }

    /** The info header (synthesized for legacy files). */
    public MjrHeader header() {
        return header;
    }

    /** The file being read. */
    public Path path() {
        return path;
    }

    /** Size of the file when it was opened. */
    public long fileSize() {
        return fileSize;
    }

    /** File offset of the first record, right after the info header. */
    public long firstRecordOffset() {
        return firstRecordOffset;
    }

    /** File offset where the next record would start (for progress reports). */
    public long position() {
        return position;
    }

    /** Records that were not packets and were passed over (a repeated MJR magic inside the file). */
    public long skippedRecords() {
        return skippedRecords;
    }

    /**
     * Why reading stopped before the end of the file in {@code SALVAGE} mode (a truncated or damaged
     * record, with its offset), or null if every byte was read.
     */
    public String problem() {
        return problem;
    }

    /**
     * The next packet record, or null at the end of the file (or, in {@code SALVAGE} mode, at a damaged
     * record: see {@link #problem()}).
     *
     * @throws MjrFormatException in {@code STRICT} mode, at a truncated or damaged record
     */
    public MjrRecord next() throws IOException {
        while (!finished) {
            long left = fileSize - position;
            if (left == 0) {
                finished = true;
                return null;
            }
            if (left < MjrFormat.PREFIX_LENGTH + 2) {
                return stop("record " + records + " at offset " + position + " is truncated: its prefix needs "
                        + (MjrFormat.PREFIX_LENGTH + 2) + " bytes, " + left + " left");
            }
            ensure(position, MjrFormat.PREFIX_LENGTH + 2);
            int at = (int) (position - bufFileOffset);
            byte[] b = buf.array();
            // A repeated "MJR0000x" header inside the file is not a packet; "MEETECHO" is the record tag
            // of the older formats (janus-pp-rec tells them apart by the second byte, 'J' or 'E').
            MjrFormat magicHere = MjrFormat.ofMagic(b, at);
            boolean isMagic = magicHere != null && magicHere != MjrFormat.LEGACY_MEETECHO;
            if (!isMagic && !format.matchesRecordTag(b, at)) {
                return stop("record " + records + " at offset " + position + " does not start with "
                        + (format == MjrFormat.MJR00002 ? "MEET" : "MEETECHO") + " (found \""
                        + printable(b, at, format == MjrFormat.MJR00002 ? 4 : 8) + "\"): damaged file");
            }
            int len = u16(at + MjrFormat.PREFIX_LENGTH);
            long packetStart = position + MjrFormat.PREFIX_LENGTH + 2;
            if (packetStart + len > fileSize) {
                return stop("record " + records + " at offset " + position + " is truncated: it claims " + len
                        + " bytes, " + (fileSize - packetStart) + " left");
            }
            if (isMagic) {
                // janus-pp-rec passes over any record whose prefix is a header magic ("Not RTP, skipping").
                skippedRecords++;
                position = packetStart + len;
                continue;
            }
            long arrival = format.hasArrivalTimes() ? u32(at + 4) : -1;
            ensure(packetStart, len);
            int packetAt = (int) (packetStart - bufFileOffset);
            record.index = records++;
            record.recordOffset = position;
            record.arrivalMillis = arrival;
            record.buffer = buf.array();
            if (header.type() == MjrMediaType.DATA) {
                if (len < 8) {
                    records--;
                    return stop("data record " + records + " at offset " + position + " is " + len
                            + " bytes, shorter than its 8-byte time prefix: damaged file");
                }
                record.realTimeMicros = buf.getLong(packetAt);
                record.packetOffset = packetStart + 8;
                record.length = len - 8;
                record.bufferOffset = packetAt + 8;
            } else {
                record.realTimeMicros = -1;
                record.packetOffset = packetStart;
                record.length = len;
                record.bufferOffset = packetAt;
            }
            position = packetStart + len;
            return record;
        }
        return null;
    }

    private MjrRecord stop(String why) throws MjrFormatException {
        finished = true;
        if (mode == Mode.STRICT) {
            throw new MjrFormatException(path + ": " + why);
        }
        problem = why;
        return null;
    }

    /**
     * Reads {@code len} bytes at {@code fileOffset} (a record's {@link MjrRecord#packetOffset()}) into
     * {@code dst}. Does not disturb {@link #next()}.
     */
    public void readAt(long fileOffset, byte[] dst, int dstOff, int len) throws IOException {
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        if (fileOffset < 0 || fileOffset + len > fileSize) {
            throw new EOFException(path + ": cannot read " + len + " bytes at offset " + fileOffset
                    + " of a " + fileSize + "-byte file");
        }
        long bufStart = bufFileOffset;
        long bufEnd = bufFileOffset + buf.limit();
        if (fileOffset >= bufStart && fileOffset + len <= bufEnd) {
            System.arraycopy(buf.array(), (int) (fileOffset - bufStart), dst, dstOff, len);
            return;
        }
        ByteBuffer target = ByteBuffer.wrap(dst, dstOff, len);
        long at = fileOffset;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new EOFException(path + ": file shrank while reading offset " + at);
            }
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Makes {@code [fileOffset, fileOffset+n)} available in {@code buf}; false at the end of the file. */
    private boolean ensure(long fileOffset, int n) throws IOException {
        if (fileOffset + n > fileSize) {
            return false;
        }
        if (fileOffset >= bufFileOffset && fileOffset + n <= bufFileOffset + buf.limit()) {
            return true;
        }
        fill(fileOffset, n);
        return true;
    }

    /** Refills {@code buf} starting at {@code fileOffset} with at least {@code n} bytes. */
    private void fill(long fileOffset, int n) throws IOException {
        buf.clear();
        long at = fileOffset;
        long want = Math.min(buf.capacity(), fileSize - fileOffset);
        while (buf.position() < want) {
            int r = channel.read(buf, at);
            if (r < 0) {
                break;
            }
            at += r;
        }
        buf.flip();
        bufFileOffset = fileOffset;
        if (buf.limit() < n) {
            throw new EOFException(path + ": file shrank while reading offset " + fileOffset);
        }
    }

    private int u16(int at) {
        return buf.getShort(at) & 0xFFFF;
    }

    private long u32(int at) {
        return buf.getInt(at) & 0xFFFF_FFFFL;
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len && i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
