package io.github.wildfiresfu.media.ice;

import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * A reusable, allocation-free writer of one STUN message into a {@code byte[]} (RFC 8489 §5, §14):
 * {@link #start} the header, add attributes in order, then optionally
 * {@link #addMessageIntegrity(Mac)} and {@link #addFingerprint(CRC32)}, which must come last and in
 * that order. The header's length field is kept up to date after every attribute, so that
 * MESSAGE-INTEGRITY and FINGERPRINT are computed over exactly what RFC 8489 §14.5 and §14.7 define.
 *
 * <p>Capacity overflows throw {@link IllegalStateException}: the caller controls what is written, so
 * an overflow is a programming error, not bad input. Not thread-safe.
 */
public final class StunMessageWriter {

    private byte[] buf;
    private int off;
    private int pos;
    private int limit;
    private byte paddingByte;
    private boolean sealed;
    private final byte[] scratch = new byte[20];

    /**
     * Starts a message of {@code messageType} with the transaction ID at {@code transactionId[txOff]}
     * (12 bytes) at {@code buf[off]}, with room for {@code capacity} bytes.
     */
    public StunMessageWriter start(byte[] buf, int off, int capacity, int messageType, byte[] transactionId,
            int txOff) {
        if (capacity < StunMessage.HEADER_LENGTH || off < 0 || capacity > buf.length - off) {
            throw new IllegalStateException("STUN writer needs at least 20 bytes within the buffer");
        }
        this.buf = buf;
        this.off = off;
        this.pos = off + StunMessage.HEADER_LENGTH;
        this.limit = off + capacity;
        this.sealed = false;
        buf[off] = (byte) ((messageType >> 8) & 0x3F);
        buf[off + 1] = (byte) messageType;
        buf[off + 2] = 0;
        buf[off + 3] = 0;
        put32(buf, off + 4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, txOff, buf, off + 8, 12);
        return this;
    }

    /**
     * The byte used to pad attribute values to 4 bytes (0 by default). RFC 8489 lets senders pad with
     * any value; the RFC 5769 test vectors pad with spaces, which tests use to reproduce them exactly.
     */
    void paddingByte(byte b) {
        this.paddingByte = b;
    }

    private int beginAttribute(int type, int valueLength) {
        if (sealed) {
            throw new IllegalStateException("no attribute may follow FINGERPRINT");
        }
        int padded = (valueLength + 3) & ~3;
        if (pos + 4 + padded > limit) {
            throw new IllegalStateException("STUN message does not fit its buffer");
        }
        put16(buf, pos, type);
        put16(buf, pos + 2, valueLength);
        int value = pos + 4;
        for (int i = valueLength; i < padded; i++) {
            buf[value + i] = paddingByte;
        }
        pos = value + padded;
        put16(buf, off + 2, pos - off - StunMessage.HEADER_LENGTH);
        return value;
    }

    /** Adds an attribute with {@code len} value bytes copied from {@code value[valueOff]}. */
    public StunMessageWriter addBytes(int type, byte[] value, int valueOff, int len) {
        int v = beginAttribute(type, len);
        System.arraycopy(value, valueOff, buf, v, len);
        return this;
    }

    /** Adds an attribute with an empty value (e.g. USE-CANDIDATE). */
    public StunMessageWriter addEmpty(int type) {
        beginAttribute(type, 0);
        return this;
    }

    /** Adds a 32-bit attribute (e.g. PRIORITY). */
    public StunMessageWriter addUInt32(int type, long value) {
        int v = beginAttribute(type, 4);
        put32(buf, v, value);
        return this;
    }

    /** Adds a 64-bit attribute (e.g. ICE-CONTROLLING). */
    public StunMessageWriter addUInt64(int type, long value) {
        int v = beginAttribute(type, 8);
        put32(buf, v, value >>> 32);
        put32(buf, v + 4, value);
        return this;
    }

    /**
     * Adds an XOR-encoded address attribute (XOR-MAPPED-ADDRESS, RFC 8489 §14.2) for the 4 (IPv4) or 16
     * (IPv6) address bytes at {@code address[addressOff]} and {@code port}: the port is xored with the
     * top half of the magic cookie, the address with the cookie (and, for IPv6, the transaction ID).
     */
    public StunMessageWriter addXorAddress(int type, byte[] address, int addressOff, int addressLength, int port) {
        if (addressLength != 4 && addressLength != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got " + addressLength);
        }
        int v = beginAttribute(type, 4 + addressLength);
        buf[v] = 0;
        buf[v + 1] = (byte) (addressLength == 4 ? 1 : 2);
        put16(buf, v + 2, port ^ (StunMessage.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < addressLength; i++) {
            buf[v + 4 + i] = (byte) (address[addressOff + i] ^ buf[off + 4 + i]);
        }
        return this;
    }

    /** Adds ERROR-CODE (RFC 8489 §14.8) with {@code code} (300..699) and a UTF-8 reason phrase. */
    public StunMessageWriter addErrorCode(int code, byte[] reason) {
        int v = beginAttribute(StunMessage.ERROR_CODE, 4 + reason.length);
        buf[v] = 0;
        buf[v + 1] = 0;
        buf[v + 2] = (byte) (code / 100);
        buf[v + 3] = (byte) (code % 100);
        System.arraycopy(reason, 0, buf, v + 4, reason.length);
        return this;
    }

    /** Adds UNKNOWN-ATTRIBUTES (RFC 8489 §14.9) listing {@code count} types. */
    public StunMessageWriter addUnknownAttributes(int[] types, int count) {
        int v = beginAttribute(StunMessage.UNKNOWN_ATTRIBUTES, 2 * count);
        for (int i = 0; i < count; i++) {
            put16(buf, v + 2 * i, types[i]);
        }
        return this;
    }

    /**
     * Adds MESSAGE-INTEGRITY: the HMAC-SHA1 of the message so far with the length field already
     * counting this attribute, keyed by {@code mac} (initialised with the key; for ICE the ice-pwd).
     */
    public StunMessageWriter addMessageIntegrity(Mac mac) {
        int attr = pos;
        int v = beginAttribute(StunMessage.MESSAGE_INTEGRITY, 20);
        StunMessage.computeIntegrity(mac, buf, off, attr, scratch);
        System.arraycopy(scratch, 0, buf, v, 20);
        return this;
    }

    /** Adds FINGERPRINT, the CRC-32 of the message so far xor 0x5354554e; nothing may follow it. */
    public StunMessageWriter addFingerprint(CRC32 crc) {
        int attr = pos;
        int v = beginAttribute(StunMessage.FINGERPRINT, 4);
        crc.reset();
        crc.update(buf, off, attr - off);
        put32(buf, v, (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR);
        sealed = true;
        return this;
    }

    /** Length of the message written so far. */
    public int length() {
        return pos - off;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, long v) {
        b[i] = (byte) (v >> 24);
        b[i + 1] = (byte) (v >> 16);
        b[i + 2] = (byte) (v >> 8);
        b[i + 3] = (byte) v;
    }
}
