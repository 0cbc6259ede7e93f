package io.github.wildfiresfu.media.rtcp;

import java.nio.charset.StandardCharsets;

/**
 * Reusable flyweight reader and static writer for an RTCP source description (PT 202, RFC 3550 §6.5).
 * The header's count field is the number of chunks; each chunk is an SSRC/CSRC followed by items
 * ({@code type, length, text}) and ends with one or more null octets padding it to a 32-bit boundary.
 * Item type 1 is CNAME.
 */
public final class Sdes {

    /** SDES item type CNAME. */
    public static final int CNAME = 1;
    private static final int MAX_CHUNKS = 31;

    private byte[] buf;
    private int chunkCount;
    private final int[] chunkOffsets = new int[MAX_CHUNKS];
    private final int[] chunkEnds = new int[MAX_CHUNKS];
    private int foundLength;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks every chunk
     * and item against the packet bounds.
     *
     * @return {@code null} when it is a well-formed SDES, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.chunkCount = 0;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.SDES) {
            return RtcpDropReason.WRONG_TYPE;
        }
        int body = RtcpHeader.lengthWithoutPadding(buf, off, len);
        if (body < 0) {
            return RtcpDropReason.BAD_PADDING;
        }
        int end = off + body;
        int p = off + RtcpHeader.LENGTH;
        int chunks = RtcpHeader.count(buf, off);
        for (int c = 0; c < chunks; c++) {
            int chunkStart = p;
            if (p + 4 > end) {
                return RtcpDropReason.MALFORMED_SDES;
            }
            p += 4;
            while (true) {
                if (p >= end) {
                    return RtcpDropReason.MALFORMED_SDES;
                }
                int type = buf[p] & 0xFF;
                if (type == 0) {
                    int itemsEnd = p;
                    p = chunkStart + ((p + 1 - chunkStart + 3) & ~3);
                    if (p > end) {
                        return RtcpDropReason.MALFORMED_SDES;
                    }
                    chunkOffsets[c] = chunkStart;
                    chunkEnds[c] = itemsEnd;
                    break;
                }
                if (p + 2 > end) {
                    return RtcpDropReason.MALFORMED_SDES;
                }
                p += 2 + (buf[p + 1] & 0xFF);
                if (p > end) {
                    return RtcpDropReason.MALFORMED_SDES;
                }
            }
        }
        chunkCount = chunks;
        return null;
    }

    /** Number of chunks. */
    public int chunkCount() {
        return chunkCount;
    }

    /** SSRC/CSRC of chunk {@code i}. */
    public long chunkSsrc(int i) {
        return RtcpBytes.u32(buf, chunkOffsets[i]);
    }

    /**
     * Absolute offset of the text of the first item of {@code type} in chunk {@code i}, or -1;
     * {@link #foundLength()} then gives its length.
     */
    public int findItem(int i, int type) {
        foundLength = 0;
        int p = chunkOffsets[i] + 4;
        int end = chunkEnds[i];
        while (p < end) {
            int t = buf[p] & 0xFF;
            int l = buf[p + 1] & 0xFF;
            if (t == type) {
                foundLength = l;
                return p + 2;
            }
            p += 2 + l;
        }
        return -1;
    }

    /** Length of the item the last successful {@link #findItem} found. */
    public int foundLength() {
        return foundLength;
    }

    /** The CNAME of chunk {@code i} decoded as UTF-8, or {@code null} (allocates; not for hot paths). */
    public String cname(int i) {
        int p = findItem(i, CNAME);
        return p < 0 ? null : new String(buf, p, foundLength, StandardCharsets.UTF_8);
    }

    /** Bytes {@link #writeCname} needs for a CNAME of {@code cnameLength} bytes. */
    public static int cnameLength(int cnameLength) {
        return RtcpHeader.LENGTH + 4 + ((2 + cnameLength + 1 + 3) & ~3);
    }

    /**
     * Writes an SDES with one chunk holding one CNAME item at {@code buf[off]}.
     *
     * @return bytes written
     */
    public static int writeCname(byte[] buf, int off, long ssrc, byte[] cname, int cnameOff, int cnameLen) {
        if (cnameLen < 0 || cnameLen > 255) {
            throw new IllegalArgumentException("an SDES item holds 0..255 bytes, got " + cnameLen);
        }
        int length = cnameLength(cnameLen);
        RtcpBytes.requireRoom(buf, off, length);
        RtcpHeader.write(buf, off, 1, RtcpHeader.SDES, length);
        RtcpBytes.put32(buf, off + 4, ssrc);
        buf[off + 8] = CNAME;
        buf[off + 9] = (byte) cnameLen;
        System.arraycopy(cname, cnameOff, buf, off + 10, cnameLen);
        for (int p = off + 10 + cnameLen; p < off + length; p++) {
            buf[p] = 0;
        }
        return length;
    }

    /** {@link #writeCname(byte[], int, long, byte[], int, int)} with a UTF-8 string. */
    public static int writeCname(byte[] buf, int off, long ssrc, String cname) {
        byte[] b = cname.getBytes(StandardCharsets.UTF_8);
        return writeCname(buf, off, ssrc, b, 0, b.length);
    }
}
