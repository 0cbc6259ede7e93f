package io.github.wildfiresfu.recorder.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds recordings byte by byte, independently of our writer, in all three formats (layouts from
 * {@code janus-pp-rec.c}): for reader tests and damaged files.
 */
public final class MjrBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a file with an 8-byte magic. */
    public static MjrBytes magic(String magic) {
        MjrBytes b = new MjrBytes();
        b.ascii(magic);
        return b;
    }

    /** u16 length + text. */
    public MjrBytes lengthPrefixed(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        u16(t.length);
        out.writeBytes(t);
        return this;
    }

    /** An MJR00002 record: MEET, u32 ms, u16 length, packet. */
    public MjrBytes meet(long ms, byte[] packet) {
        ascii("MEET");
        u32(ms);
        u16(packet.length);
        out.writeBytes(packet);
        return this;
    }

    /** An MJR00001 / legacy record: MEETECHO, u16 length, packet. */
    public MjrBytes meetecho(byte[] packet) {
        ascii("MEETECHO");
        u16(packet.length);
        out.writeBytes(packet);
        return this;
    }

    /** Raw bytes. */
    public MjrBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** ASCII text without length. */
    public MjrBytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** Big-endian u16. */
    public MjrBytes u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    /** Big-endian u32. */
    public MjrBytes u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    /** The file so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }
}
