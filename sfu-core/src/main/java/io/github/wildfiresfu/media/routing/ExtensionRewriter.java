package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.RtpPacket;

/**
 * Copies an RTP packet for one subscriber while translating its header extensions (RFC 8285) from
 * the ids the publisher negotiated to the ids of our offer to the subscriber, and leaving out those
 * the subscriber must not see: the publisher's {@code mid} (the subscriber's m-line has another
 * mid), {@code rid}s, and transport-wide sequence numbers (they number the publisher's transport,
 * not ours). Janus does the same translation when it relays ({@code janus_rtp_header_extension_*}
 * in {@code src/rtp.c}, applied by {@code src/ice.c}).
 *
 * <p>The copy is the one copy per subscriber the fan-out makes anyway (style-anchors B3): the
 * header is written with the kept elements in the one-byte form (RFC 8285 §4.2; every id we offer
 * is 1-14), padded to a 32-bit boundary, and the payload and padding follow unchanged. A packet
 * whose extensions are all left out loses its extension header (X bit cleared). Allocation-free.
 */
final class ExtensionRewriter {

    /** Id map size: ids are 1-14 (one-byte form) or 1-255 (two-byte form). */
    static final int MAP_SIZE = 256;

    private ExtensionRewriter() {
    }

    /**
     * Copies the valid, wrapped {@code src} into {@code dst} at {@code dstOff}, mapping extension
     * id {@code i} to {@code idMap[i]} (0 = leave out).
     *
     * @return the length of the copy, never more than the source's
     */
    static int copy(RtpPacket src, byte[] idMap, byte[] dst, int dstOff) {
        byte[] s = src.buffer();
        int off = src.offset();
        int end = off + src.length();
        int fixed = RtpPacket.FIXED_HEADER_LENGTH + 4 * src.csrcCount();
        System.arraycopy(s, off, dst, dstOff, fixed);
        int payload = src.payloadOffset();
        int w = dstOff + fixed;
        if (src.hasExtension()) {
            int blockStart = w;
            w += 4;
            int profile = src.extensionProfile();
            int p = src.extensionDataOffset();
            int blockEnd = p + src.extensionDataLength();
            if (profile == RtpPacket.ONE_BYTE_PROFILE) {
                while (p < blockEnd) {
                    int b = s[p] & 0xFF;
                    if (b == 0) {
                        p++;
                        continue;
                    }
                    int id = b >> 4;
                    if (id == 15) {
                        break;
                    }
                    int len = (b & 0x0F) + 1;
                    if (p + 1 + len > blockEnd) {
                        break;
                    }
                    w = element(idMap[id] & 0xFF, s, p + 1, len, dst, w);
                    p += 1 + len;
                }
            } else if ((profile & 0xFFF0) == RtpPacket.TWO_BYTE_PROFILE) {
                while (p < blockEnd) {
                    int id = s[p] & 0xFF;
                    if (id == 0) {
                        p++;
                        continue;
                    }
                    if (p + 2 > blockEnd) {
                        break;
                    }
                    int len = s[p + 1] & 0xFF;
                    if (p + 2 + len > blockEnd) {
                        break;
                    }
                    // Elements of 0 or more than 16 bytes have no one-byte form; none we keep is like that.
                    if (len >= 1 && len <= 16) {
                        w = element(idMap[id] & 0xFF, s, p + 2, len, dst, w);
                    }
                    p += 2 + len;
                }
            }
            while (((w - blockStart) & 3) != 0) {
                dst[w++] = 0;
            }
            int words = (w - blockStart - 4) / 4;
            if (words == 0) {
                w = blockStart;
                dst[dstOff] = (byte) (dst[dstOff] & ~0x10);
            } else {
                dst[blockStart] = (byte) 0xBE;
                dst[blockStart + 1] = (byte) 0xDE;
                dst[blockStart + 2] = (byte) (words >> 8);
                dst[blockStart + 3] = (byte) words;
            }
        }
        int rest = end - payload;
        System.arraycopy(s, payload, dst, w, rest);
        return w + rest - dstOff;
    }

    private static int element(int newId, byte[] s, int valueOff, int len, byte[] dst, int w) {
        if (newId < 1 || newId > 14) {
            return w;
        }
        dst[w] = (byte) ((newId << 4) | (len - 1));
        System.arraycopy(s, valueOff, dst, w + 1, len);
        return w + 1 + len;
    }
}
