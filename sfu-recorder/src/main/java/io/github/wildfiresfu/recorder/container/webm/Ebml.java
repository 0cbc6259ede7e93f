package io.github.wildfiresfu.recorder.container.webm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of EBML elements (RFC 8794): element ids as written in the Matroska specification
 * (their length marker included), sizes as variable-length integers, and the typed payloads
 * Matroska uses (RFC 9559). Master elements are built in a child buffer and appended with their size.
 */
final class Ebml {

    private byte[] b = new byte[256];
    private int len;

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(b, len);
    }

    /** Appends an element id (1–4 bytes, its length marker included as in the spec's hex ids). */
    Ebml id(int id) {
        if ((id & 0xFF00_0000) != 0) {
            put((byte) (id >>> 24));
        }
        if ((id & 0xFFFF_0000) != 0) {
            put((byte) (id >>> 16));
        }
        if ((id & 0xFFFF_FF00) != 0) {
            put((byte) (id >>> 8));
        }
        put((byte) id);
        return this;
    }

    /** Appends {@code size} as the shortest EBML variable-length integer (all-ones patterns avoided). */
    Ebml size(long size) {
        int n = 1;
        while (n < 8 && size >= (1L << (7 * n)) - 1) {
            n++;
        }
        return sizeFixed(size, n);
    }

    /** Appends {@code size} as an {@code n}-byte EBML variable-length integer (placeholders to patch). */
    Ebml sizeFixed(long size, int n) {
        long v = size | (1L << (7 * n));
        for (int i = n - 1; i >= 0; i--) {
            put((byte) (v >>> (8 * i)));
        }
        return this;
    }

    /** An unsigned integer element in the fewest bytes. */
    Ebml uint(int id, long value) {
        int n = 1;
        while (n < 8 && (value >>> (8 * n)) != 0) {
            n++;
        }
        id(id).size(n);
        for (int i = n - 1; i >= 0; i--) {
            put((byte) (value >>> (8 * i)));
        }
        return this;
    }

    /** An unsigned integer element in exactly 8 bytes (a placeholder to patch). */
    Ebml uint8Bytes(int id, long value) {
        id(id).size(8);
        putLong(value);
        return this;
    }

    /** A signed integer element in 8 bytes. */
    Ebml int8Bytes(int id, long value) {
        id(id).size(8);
        putLong(value);
        return this;
    }

    /** A float element as an 8-byte IEEE double. */
    Ebml float8(int id, double value) {
        id(id).size(8);
        putLong(Double.doubleToLongBits(value));
        return this;
    }

    /** A string (ASCII) or UTF-8 element. */
    Ebml string(int id, String value) {
        return binary(id, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary element. */
    Ebml binary(int id, byte[] value) {
        id(id).size(value.length);
        put(value, 0, value.length);
        return this;
    }

    /** A master element with the given children. */
    Ebml master(int id, Ebml children) {
        id(id).size(children.len);
        put(children.b, 0, children.len);
        return this;
    }

    void putLong(long v) {
        for (int i = 7; i >= 0; i--) {
            put((byte) (v >>> (8 * i)));
        }
    }

    void put(byte v) {
        ensure(1);
        b[len++] = v;
    }

    void put(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, b, len, n);
        len += n;
    }

    void reset() {
        len = 0;
    }

    byte[] array() {
        return b;
    }

    private void ensure(int n) {
        if (len + n > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, len + n));
        }
    }
}
