package io.github.wildfiresfu.recorder.mjr;

/**
 * One packet record as {@link MjrReader#next()} returns it. A reusable view: its bytes and fields are
 * valid until the next call to {@code next()}; keep {@link #packetOffset()} and {@link #length()} to
 * read the packet again later with {@link MjrReader#readAt}.
 */
public final class MjrRecord {

    long index;
    long recordOffset;
    long packetOffset;
    int length;
    long arrivalMillis;
    long realTimeMicros;
    byte[] buffer;
    int bufferOffset;

    MjrRecord() {
    }

    /** 0-based position of this record among the file's packet records. */
    public long index() {
        return index;
    }

    /** File offset of the record's prefix ({@code MEET…}). */
    public long recordOffset() {
        return recordOffset;
    }

    /** File offset of the packet bytes (after the data real-time prefix, for data records). */
    public long packetOffset() {
        return packetOffset;
    }

    /** Packet length in bytes (RTP packet, or data message without the real-time prefix). */
    public int length() {
        return length;
    }

    /** Milliseconds since the file's first packet (MJR00002), or -1 when the format has no times. */
    public long arrivalMillis() {
        return arrivalMillis;
    }

    /** Real time of a data record in µs since the epoch, or -1 for RTP records. */
    public long realTimeMicros() {
        return realTimeMicros;
    }

    /** Array holding the packet bytes at {@link #bufferOffset()} (the reader's buffer: do not keep). */
    public byte[] buffer() {
        return buffer;
    }

    /** Where the packet starts in {@link #buffer()}. */
    public int bufferOffset() {
        return bufferOffset;
    }

    /** Byte {@code i} of the packet, unsigned. */
    public int byteAt(int i) {
        return buffer[bufferOffset + i] & 0xFF;
    }

    @Override
    public String toString() {
        return "MjrRecord{#" + index + " @" + recordOffset + ", len=" + length
                + (arrivalMillis >= 0 ? ", t=" + arrivalMillis + "ms" : "") + '}';
    }
}
