package io.github.wildfiresfu.recorder.mjr;

import java.nio.charset.StandardCharsets;

/**
 * The three on-disk generations of Janus recordings that {@code janus-pp-rec} still reads
 * ({@code src/postprocessing/janus-pp-rec.c}, first pass: it tells them apart by the second byte of
 * the first 8-byte prefix, {@code 'E'} versus {@code 'J'}).
 */
public enum MjrFormat {
    /**
     * Before the JSON header (pre-2015): the file starts with {@code MEETECHO}, a u16 length of 5 and
     * {@code audio}, {@code video} or {@code data} (Opus, VP8 and text are assumed); every packet is
     * prefixed with {@code MEETECHO} and a u16 length.
     */
    LEGACY_MEETECHO("MEETECHO", "MEETECHO", false),
    /**
     * {@code MJR00001} with a JSON info header (commit 6089eb4e, 2015-09-07); packets are still
     * prefixed with {@code MEETECHO} and a u16 length, without arrival times.
     */
    MJR00001("MJR00001", "MEETECHO", false),
    /**
     * {@code MJR00002} (PR #1719, 2019, Janus 0.7.4 and later, what Janus 1.x writes): packets are
     * prefixed with {@code MEET}, a u32 with the milliseconds since the first packet, and a u16 length.
     */
    MJR00002("MJR00002", "MEET", true);

    /** Length of the file magic and of every record prefix before the u16 length. */
    public static final int PREFIX_LENGTH = 8;

    private final byte[] magic;
    private final byte[] recordTag;
    private final boolean arrivalTimes;

    MjrFormat(String magic, String recordTag, boolean arrivalTimes) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.recordTag = recordTag.getBytes(StandardCharsets.US_ASCII);
        this.arrivalTimes = arrivalTimes;
    }

    /** The 8 ASCII bytes a file of this format starts with. */
    public String magic() {
        return new String(magic, StandardCharsets.US_ASCII);
    }

    /** Whether each record carries the milliseconds since the first packet (MJR00002 only). */
    public boolean hasArrivalTimes() {
        return arrivalTimes;
    }

    /** Whether {@code buf[off..off+8)} is this format's magic. */
    boolean matchesMagic(byte[] buf, int off) {
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            if (buf[off + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code buf[off..)} starts with this format's record tag ({@code MEET} or {@code MEETECHO}). */
    boolean matchesRecordTag(byte[] buf, int off) {
        for (int i = 0; i < recordTag.length; i++) {
            if (buf[off + i] != recordTag[i]) {
                return false;
            }
        }
        return true;
    }

    /** Finds the format whose magic starts the 8 bytes at {@code off}, or null. */
    static MjrFormat ofMagic(byte[] buf, int off) {
        for (MjrFormat f : values()) {
            if (f.matchesMagic(buf, off)) {
                return f;
            }
        }
        return null;
    }
}
