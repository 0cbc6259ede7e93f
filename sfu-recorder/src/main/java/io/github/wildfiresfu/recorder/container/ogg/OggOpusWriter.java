package io.github.wildfiresfu.recorder.container.ogg;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an Ogg Opus file (RFC 7845): the ID header ({@code OpusHead}) and comment header
 * ({@code OpusTags}) on pages of their own, then audio pages whose granule position is the number of
 * 48 kHz samples decoded up to the end of the last packet completed on the page, plus the pre-skip
 * (RFC 7845 §4). The caller gives every packet's duration in samples ({@link OpusToc#samples}).
 *
 * <p>Audio pages are closed when they hold about one second or 4 KiB of audio, so a player can seek
 * within a second and a truncated file loses little. The last page is flagged end-of-stream by
 * {@link #close()}.
 */
public final class OggOpusWriter implements Closeable {

    /** Close an audio page once it spans this many samples (1 s at 48 kHz). */
    static final int PAGE_SAMPLES = 48_000;
    /** Close an audio page once it holds this many bytes. */
    static final int PAGE_BYTES = 4096;

    private final OutputStream out;
    private final OggPageWriter pages;
    private final int preSkip;
    private long granule;
    private long pageStartGranule;
    private long packets;
    private boolean closed;

    /**
     * Writes both header pages.
     *
     * @param channels   output channel count for {@code OpusHead} (WebRTC Opus is signalled as 2)
     * @param preSkip    samples to discard at the start (Janus writes 0: the encoder's look-ahead is unknown)
     * @param inputRate  original input sample rate, informational (48000)
     * @param vendor     vendor string of {@code OpusTags}
     * @param comments   user comments {@code NAME=value} (may be empty)
     */
    public OggOpusWriter(OutputStream out, int serial, int channels, int preSkip, int inputRate, String vendor,
                         String... comments) throws IOException {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("only mapping family 0 (1 or 2 channels) is written, got " + channels);
        }
        this.out = out;
        this.pages = new OggPageWriter(out, serial);
        this.preSkip = preSkip;
        byte[] head = opusHead(channels, preSkip, inputRate);
        pages.addPacket(head, 0, head.length, 0);
        pages.flushPage(0, false);
        byte[] tags = opusTags(vendor, comments);
        pages.addPacket(tags, 0, tags.length, 0);
        pages.flushPage(0, false);
        granule = preSkip;
        pageStartGranule = granule;
    }

    /** The {@code OpusHead} packet this writer uses, for containers that need it as codec private data. */
    public static byte[] opusHead(int channels, int preSkip, int inputRate) {
        byte[] head = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 8);
        head[8] = 1;
        head[9] = (byte) channels;
        head[10] = (byte) preSkip;
        head[11] = (byte) (preSkip >>> 8);
        head[12] = (byte) inputRate;
        head[13] = (byte) (inputRate >>> 8);
        head[14] = (byte) (inputRate >>> 16);
        head[15] = (byte) (inputRate >>> 24);
        // Output gain 0 and channel mapping family 0 stay zero.
        return head;
    }

    private static byte[] opusTags(String vendor, String... comments) {
        byte[] v = vendor.getBytes(StandardCharsets.UTF_8);
        byte[][] c = new byte[comments.length][];
        int len = 8 + 4 + v.length + 4;
        for (int i = 0; i < comments.length; i++) {
            c[i] = comments[i].getBytes(StandardCharsets.UTF_8);
            len += 4 + c[i].length;
        }
        byte[] t = new byte[len];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, t, 0, 8);
        int at = 8;
        at = putLe32(t, at, v.length);
        System.arraycopy(v, 0, t, at, v.length);
        at += v.length;
        at = putLe32(t, at, c.length);
        for (byte[] one : c) {
            at = putLe32(t, at, one.length);
            System.arraycopy(one, 0, t, at, one.length);
            at += one.length;
        }
        return t;
    }

    /**
     * Appends one Opus packet lasting {@code samples} 48 kHz samples.
     */
    public void writePacket(byte[] data, int off, int len, int samples) throws IOException {
        if (closed) {
            throw new IllegalStateException("Ogg Opus writer is closed");
        }
        // Keep pages to whole packets where possible: start a new page if this packet would be split.
        int lacingNeeded = len / 255 + 1;
        if (pages.hasPendingData() && lacingNeeded > pages.segmentsLeft()) {
            pages.flushPage(granule, false);
            pageStartGranule = granule;
        }
        pages.addPacket(data, off, len, granule);
        granule += samples;
        packets++;
        if (granule - pageStartGranule >= PAGE_SAMPLES || pages.pageBodyLength() >= PAGE_BYTES) {
            pages.flushPage(granule, false);
            pageStartGranule = granule;
        }
    }

    /** Samples written so far (without the pre-skip). */
    public long samplesWritten() {
        return granule - preSkip;
    }

    /** Packets written so far. */
    public long packetsWritten() {
        return packets;
    }

    /** Writes the last page (end of stream) and closes the output. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pages.flushPage(granule, true);
        } finally {
            out.close();
        }
    }

    private static int putLe32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
        return at + 4;
    }
}
