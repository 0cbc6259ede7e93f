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
 * <p>When the subscriber negotiated transport-wide congestion control, the copy gets one more
 * element: our transport-wide sequence number (RFC 8285 one-byte element, 2 bytes of value, draft-
 * holmer-rmcat-transport-wide-cc-extensions-01 §2) under the subscriber's id, written as zero here
 * and numbered when the packet is sent ({@link TransportCcSender}), so retransmissions get their own
 * number too.
 *
 * <p>The copy is the one copy per subscriber the fan-out makes anyway (style-anchors B3): the
 * header is written with the kept elements in the one-byte form (RFC 8285 §4.2; every id we offer
 * is 1-14), padded to a 32-bit boundary, and the payload and padding follow unchanged. A packet
 * whose extensions are all left out loses its extension header (X bit cleared). The copy is at most
 * {@link #MAX_GROWTH} bytes longer than the source (an appended element where the publisher's
 * packet had none); it may be made in place, over the source. Allocation-free.
 */
final class ExtensionRewriter {

    /** Id map size: ids are 1-14 (one-byte form) or 1-255 (two-byte form). */
    static final int MAP_SIZE = 256;
    /**
     * How much longer than its source a copy can be: a new extension block header (4 bytes) and the
     * appended 3-byte element padded to 4.
     */
    static final int MAX_GROWTH = 8;
    /** Value length of the transport-wide sequence number element. */
    static final int TRANSPORT_CC_VALUE_LENGTH = 2;

    private ExtensionRewriter() {
    }

    /** {@link #copy(RtpPacket, byte[], int, byte[], int)} without an appended element. */
    static int copy(RtpPacket src, byte[] idMap, byte[] dst, int dstOff) {
        return copy(src, idMap, 0, dst, dstOff);
    }

    /**
     * Copies the valid, wrapped {@code src} into {@code dst} at {@code dstOff}, mapping extension
     * id {@code i} to {@code idMap[i]} (0 = leave out) and appending a zeroed transport-wide
     * sequence number element with id {@code appendId} (1-14; 0 = none). {@code dst} is either
     * another buffer or {@code src}'s own buffer at {@code src}'s offset (in place).
     *
     * @return the length of the copy, at most {@link #MAX_GROWTH} more than the source's
     */
    static int copy(RtpPacket src, byte[] idMap, int appendId, byte[] dst, int dstOff) {
        byte[] s = src.buffer();
        int end = src.offset() + src.length();
        int fixed = RtpPacket.FIXED_HEADER_LENGTH + 4 * src.csrcCount();
        int payload = src.payloadOffset();
        int rest = end - payload;
        int append = appendId >= 1 && appendId <= 14 ? appendId : 0;
        int elements = elements(src, idMap, null, 0) + (append > 0 ? 1 + TRANSPORT_CC_VALUE_LENGTH : 0);
        int block = elements == 0 ? 0 : 4 + ((elements + 3) & ~3);
        int newPayload = dstOff + fixed + block;
        // In place and growing: move the payload first, out of the way of the header written below.
        // The kept elements never get ahead of the ones still to be read (each is no longer than its
        // source), so only the payload is at risk, and only when the header grows.
        boolean payloadFirst = dst == s && newPayload > payload;
        if (payloadFirst) {
            System.arraycopy(s, payload, dst, newPayload, rest);
        }
        System.arraycopy(s, src.offset(), dst, dstOff, fixed);
        if (block == 0) {
            dst[dstOff] = (byte) (dst[dstOff] & ~0x10);
        } else {
            int blockStart = dstOff + fixed;
            int w = elements(src, idMap, dst, blockStart + 4);
            if (append > 0) {
                dst[w++] = (byte) ((append << 4) | (TRANSPORT_CC_VALUE_LENGTH - 1));
                dst[w++] = 0;
                dst[w++] = 0;
            }
            while (w < newPayload) {
                dst[w++] = 0;
            }
            int words = (block - 4) / 4;
            dst[dstOff] = (byte) (dst[dstOff] | 0x10);
            dst[blockStart] = (byte) 0xBE;
            dst[blockStart + 1] = (byte) 0xDE;
            dst[blockStart + 2] = (byte) (words >> 8);
            dst[blockStart + 3] = (byte) words;
        }
        if (!payloadFirst) {
            System.arraycopy(s, payload, dst, newPayload, rest);
        }
        return newPayload + rest - dstOff;
    }

    /**
     * Walks {@code src}'s extension elements and writes the kept ones in one-byte form from
     * {@code dst[w]} on; with {@code dst == null} only measures.
     *
     * @return with a {@code dst}, the position after the last element written; without, the bytes
     *     the kept elements take
     */
    private static int elements(RtpPacket src, byte[] idMap, byte[] dst, int w) {
        if (!src.hasExtension()) {
            return w;
        }
        byte[] s = src.buffer();
        int start = w;
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
        return dst == null ? w - start : w;
    }

    private static int element(int newId, byte[] s, int valueOff, int len, byte[] dst, int w) {
        if (newId < 1 || newId > 14) {
            return w;
        }
        if (dst != null) {
            dst[w] = (byte) ((newId << 4) | (len - 1));
            System.arraycopy(s, valueOff, dst, w + 1, len);
        }
        return w + 1 + len;
    }
}
