package io.github.wildfiresfu.recorder.testing;

import java.nio.ByteBuffer;

/** Builds RTP packets for tests (RFC 3550 §5.1 fixed header, optional one-byte extension and padding). */
public final class Rtp {

    private Rtp() {
    }

    /** A version-2 packet with the given header fields and payload. */
    public static byte[] packet(int pt, int seq, long ts, long ssrc, boolean marker, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts)
                .putInt((int) ssrc).put(payload);
        return b.array();
    }

    /** A packet with one one-byte header extension element (id, 1 byte of data) and {@code padding} bytes. */
    public static byte[] withExtensionAndPadding(int pt, int seq, long ts, long ssrc, byte[] payload, int padding) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + payload.length + padding);
        b.put((byte) (0x80 | 0x10 | (padding > 0 ? 0x20 : 0))).put((byte) pt).putShort((short) seq).putInt((int) ts)
                .putInt((int) ssrc);
        b.putShort((short) 0xBEDE).putShort((short) 1).put((byte) 0x10).put((byte) 0x7F).putShort((short) 0);
        b.put(payload);
        for (int i = 0; i < padding; i++) {
            b.put((byte) (i == padding - 1 ? padding : 0));
        }
        return b.array();
    }

    /** {@code n} bytes of a recognisable pattern starting with {@code first}. */
    public static byte[] payload(int first, int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (first + i);
        }
        return p;
    }
}
