package io.github.wildfiresfu.media.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * A reusable, allocation-free reader of one STUN message in a {@code byte[]} (RFC 8489 §5, §14), with
 * the attributes ICE uses (RFC 8445 §16.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * |                         Magic Cookie                          |
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |  each attribute,
 * |                         Value (variable)                ....     padded to 4 bytes
 * </pre>
 *
 * {@link #wrap} checks the structure (never throwing for a range inside the array) and records where
 * the attributes are; the first occurrence of an attribute counts. Attributes after
 * MESSAGE-INTEGRITY other than FINGERPRINT are ignored, and FINGERPRINT must be last (RFC 8489 §14.5,
 * §14.7). Integrity and fingerprint are checked on request with {@link #integrityMatches} and
 * {@link #fingerprintMatches}, using a {@link Mac} and {@link CRC32} the caller owns and reuses.
 *
 * <p>Not thread-safe.
 */
public final class StunMessage {

    /** Length of the STUN header. */
    public static final int HEADER_LENGTH = 20;
    /** The magic cookie of RFC 5389/8489. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** FINGERPRINT is the CRC-32 of the message xor this value (RFC 8489 §14.7). */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    /** Binding request message type. */
    public static final int BINDING_REQUEST = 0x0001;
    /** Binding indication message type. */
    public static final int BINDING_INDICATION = 0x0011;
    /** Binding success response message type. */
    public static final int BINDING_SUCCESS = 0x0101;
    /** Binding error response message type. */
    public static final int BINDING_ERROR = 0x0111;
    /** The Binding method. */
    public static final int METHOD_BINDING = 0x001;

    /** Message class: request. */
    public static final int CLASS_REQUEST = 0;
    /** Message class: indication. */
    public static final int CLASS_INDICATION = 1;
    /** Message class: success response. */
    public static final int CLASS_SUCCESS = 2;
    /** Message class: error response. */
    public static final int CLASS_ERROR = 3;

    /** Attribute MAPPED-ADDRESS. */
    public static final int MAPPED_ADDRESS = 0x0001;
    /** Attribute USERNAME. */
    public static final int USERNAME = 0x0006;
    /** Attribute MESSAGE-INTEGRITY (HMAC-SHA1). */
    public static final int MESSAGE_INTEGRITY = 0x0008;
    /** Attribute ERROR-CODE. */
    public static final int ERROR_CODE = 0x0009;
    /** Attribute UNKNOWN-ATTRIBUTES. */
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    /** Attribute REALM. */
    public static final int REALM = 0x0014;
    /** Attribute NONCE. */
    public static final int NONCE = 0x0015;
    /** Attribute XOR-MAPPED-ADDRESS. */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** Attribute PRIORITY (RFC 8445 §16.1). */
    public static final int PRIORITY = 0x0024;
    /** Attribute USE-CANDIDATE (RFC 8445 §16.1). */
    public static final int USE_CANDIDATE = 0x0025;
    /** Attribute SOFTWARE. */
    public static final int SOFTWARE = 0x8022;
    /** Attribute FINGERPRINT. */
    public static final int FINGERPRINT = 0x8028;
    /** Attribute ICE-CONTROLLED (RFC 8445 §16.1). */
    public static final int ICE_CONTROLLED = 0x8029;
    /** Attribute ICE-CONTROLLING (RFC 8445 §16.1). */
    public static final int ICE_CONTROLLING = 0x802A;

    /** Length of the MESSAGE-INTEGRITY attribute, header included. */
    public static final int INTEGRITY_ATTRIBUTE_LENGTH = 24;
    /** Length of the FINGERPRINT attribute, header included. */
    public static final int FINGERPRINT_ATTRIBUTE_LENGTH = 8;
    /** How many unknown comprehension-required attribute types are remembered (for a 420). */
    public static final int MAX_UNKNOWN = 8;

    private byte[] buf;
    private int off;
    private int len;
    private boolean valid;
    private int usernameOffset;
    private int usernameLength;
    private int integrityOffset;
    private int fingerprintOffset;
    private int xorMappedOffset;
    private int xorMappedLength;
    private int errorCodeOffset;
    private int errorCodeLength;
    private boolean hasPriority;
    private long priority;
    private boolean useCandidate;
    private boolean hasIceControlled;
    private long iceControlled;
    private boolean hasIceControlling;
    private long iceControlling;
    private final int[] unknown = new int[MAX_UNKNOWN];
    private int unknownCount;
    private final byte[] scratch = new byte[20];

    /**
     * Points the reader at {@code len} bytes at {@code buf[off]} and checks the structure.
     *
     * @return {@code null} for a well-formed STUN message, else {@link IceDropReason#MALFORMED},
     *         {@link IceDropReason#BAD_MAGIC_COOKIE} or {@link IceDropReason#BAD_FINGERPRINT}
     *         (FINGERPRINT of the wrong size or not last)
     */
    public IceDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.valid = false;
        usernameOffset = -1;
        usernameLength = 0;
        integrityOffset = -1;
        fingerprintOffset = -1;
        xorMappedOffset = -1;
        xorMappedLength = 0;
        errorCodeOffset = -1;
        errorCodeLength = 0;
        hasPriority = false;
        priority = 0;
        useCandidate = false;
        hasIceControlled = false;
        iceControlled = 0;
        hasIceControlling = false;
        iceControlling = 0;
        unknownCount = 0;
        if (len < HEADER_LENGTH || (buf[off] & 0xC0) != 0) {
            return IceDropReason.MALFORMED;
        }
        if (u32(buf, off + 4) != MAGIC_COOKIE) {
            return IceDropReason.BAD_MAGIC_COOKIE;
        }
        int bodyLength = u16(buf, off + 2);
        if ((bodyLength & 3) != 0 || HEADER_LENGTH + bodyLength != len) {
            return IceDropReason.MALFORMED;
        }
        int end = off + len;
        int p = off + HEADER_LENGTH;
        boolean afterIntegrity = false;
        while (p < end) {
            if (p + 4 > end) {
                return IceDropReason.MALFORMED;
            }
            if (fingerprintOffset >= 0) {
                return IceDropReason.BAD_FINGERPRINT;
            }
            int type = u16(buf, p);
            int alen = u16(buf, p + 2);
            int value = p + 4;
            int next = value + ((alen + 3) & ~3);
            if (next > end) {
                return IceDropReason.MALFORMED;
            }
            if (type == FINGERPRINT) {
                if (alen != 4) {
                    return IceDropReason.BAD_FINGERPRINT;
                }
                fingerprintOffset = p;
            } else if (!afterIntegrity) {
                switch (type) {
                    case USERNAME -> {
                        if (usernameOffset < 0) {
                            usernameOffset = value;
                            usernameLength = alen;
                        }
                    }
                    case MESSAGE_INTEGRITY -> {
                        if (alen != 20) {
                            return IceDropReason.MALFORMED;
                        }
                        integrityOffset = p;
                        afterIntegrity = true;
                    }
                    case PRIORITY -> {
                        if (alen != 4) {
                            return IceDropReason.MALFORMED;
                        }
                        if (!hasPriority) {
                            hasPriority = true;
                            priority = u32(buf, value);
                        }
                    }
                    case USE_CANDIDATE -> useCandidate = true;
                    case ICE_CONTROLLED -> {
                        if (alen != 8) {
                            return IceDropReason.MALFORMED;
                        }
                        if (!hasIceControlled) {
                            hasIceControlled = true;
                            iceControlled = u64(buf, value);
                        }
                    }
                    case ICE_CONTROLLING -> {
                        if (alen != 8) {
                            return IceDropReason.MALFORMED;
                        }
                        if (!hasIceControlling) {
                            hasIceControlling = true;
                            iceControlling = u64(buf, value);
                        }
                    }
                    case XOR_MAPPED_ADDRESS -> {
                        if (xorMappedOffset < 0) {
                            xorMappedOffset = value;
                            xorMappedLength = alen;
                        }
                    }
                    case ERROR_CODE -> {
                        if (errorCodeOffset < 0) {
                            errorCodeOffset = value;
                            errorCodeLength = alen;
                        }
                    }
                    case MAPPED_ADDRESS, UNKNOWN_ATTRIBUTES, REALM, NONCE -> {
                        // Understood, and not needed by an ICE-lite agent.
                    }
                    default -> {
                        // RFC 8489 §14: 0x0000-0x7FFF are comprehension-required.
                        if (type < 0x8000 && unknownCount < MAX_UNKNOWN) {
                            unknown[unknownCount++] = type;
                        }
                    }
                }
            }
            p = next;
        }
        valid = true;
        return null;
    }

    /** Whether the last {@link #wrap} succeeded. */
    public boolean isValid() {
        return valid;
    }

    /** The 14-bit message type (method and class bits). */
    public int messageType() {
        return u16(buf, off) & 0x3FFF;
    }

    /** The 12-bit method (1 for Binding). */
    public int method() {
        int t = messageType();
        return ((t & 0x3E00) >> 2) | ((t & 0x00E0) >> 1) | (t & 0x000F);
    }

    /** The class: {@link #CLASS_REQUEST}, {@link #CLASS_INDICATION}, {@link #CLASS_SUCCESS} or {@link #CLASS_ERROR}. */
    public int messageClass() {
        int t = messageType();
        return ((t & 0x0100) >> 7) | ((t & 0x0010) >> 4);
    }

    /** The wrapped array. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the message. */
    public int offset() {
        return off;
    }

    /** Length of the message. */
    public int length() {
        return len;
    }

    /** Absolute offset of the 12-byte transaction ID. */
    public int transactionIdOffset() {
        return off + 8;
    }

    /** Absolute offset of the USERNAME value, or -1. */
    public int usernameOffset() {
        return usernameOffset;
    }

    /** Length of the USERNAME value (0 without one). */
    public int usernameLength() {
        return usernameLength;
    }

    /** Absolute offset of the MESSAGE-INTEGRITY attribute header, or -1. */
    public int integrityOffset() {
        return integrityOffset;
    }

    /** Absolute offset of the FINGERPRINT attribute header, or -1. */
    public int fingerprintOffset() {
        return fingerprintOffset;
    }

    /** Whether PRIORITY is present. */
    public boolean hasPriority() {
        return hasPriority;
    }

    /** PRIORITY, unsigned (0 without one). */
    public long priority() {
        return priority;
    }

    /** Whether USE-CANDIDATE is present (before MESSAGE-INTEGRITY). */
    public boolean useCandidate() {
        return useCandidate;
    }

    /** Whether ICE-CONTROLLED is present. */
    public boolean hasIceControlled() {
        return hasIceControlled;
    }

    /** The ICE-CONTROLLED tie-breaker. */
    public long iceControlled() {
        return iceControlled;
    }

    /** Whether ICE-CONTROLLING is present. */
    public boolean hasIceControlling() {
        return hasIceControlling;
    }

    /** The ICE-CONTROLLING tie-breaker. */
    public long iceControlling() {
        return iceControlling;
    }

    /** Number of unknown comprehension-required attribute types seen (at most {@link #MAX_UNKNOWN}). */
    public int unknownAttributeCount() {
        return unknownCount;
    }

    /** Unknown comprehension-required attribute type {@code i}. */
    public int unknownAttribute(int i) {
        return unknown[i];
    }

    /** The ERROR-CODE as a number (class * 100 + number), or -1 without a well-formed one. */
    public int errorCode() {
        if (errorCodeOffset < 0 || errorCodeLength < 4) {
            return -1;
        }
        return (buf[errorCodeOffset + 2] & 0x07) * 100 + (buf[errorCodeOffset + 3] & 0xFF);
    }

    /**
     * Decodes XOR-MAPPED-ADDRESS (RFC 8489 §14.2), or returns {@code null} without a well-formed one.
     * Allocates: for clients and tests, not for the responder's path.
     */
    public InetSocketAddress xorMappedAddress() {
        if (xorMappedOffset < 0 || xorMappedLength < 8) {
            return null;
        }
        int family = buf[xorMappedOffset + 1] & 0xFF;
        int port = u16(buf, xorMappedOffset + 2) ^ (MAGIC_COOKIE >>> 16);
        int n = family == 1 ? 4 : family == 2 ? 16 : 0;
        if (n == 0 || xorMappedLength != 4 + n) {
            return null;
        }
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            // The key is the magic cookie followed by the transaction ID (bytes 4..19 of the header).
            a[i] = (byte) (buf[xorMappedOffset + 4 + i] ^ buf[off + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(a), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Whether FINGERPRINT matches: CRC-32 of the message up to the attribute, xor 0x5354554e. As
     * FINGERPRINT is last, the header's length field already covers it. False without FINGERPRINT.
     */
    public boolean fingerprintMatches(CRC32 crc) {
        if (!valid || fingerprintOffset < 0) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprintOffset - off);
        int expected = (int) crc.getValue() ^ FINGERPRINT_XOR;
        return (int) u32(buf, fingerprintOffset + 4) == expected;
    }

    /**
     * Whether MESSAGE-INTEGRITY matches the HMAC-SHA1 (RFC 2104) of the message up to the attribute,
     * computed with the header length field set to end just after MESSAGE-INTEGRITY (RFC 8489 §14.5),
     * with {@code mac} already initialised with the key (for ICE: the receiver's ice-pwd). Compared in
     * constant time. False without MESSAGE-INTEGRITY.
     */
    public boolean integrityMatches(Mac mac) {
        if (!valid || integrityOffset < 0) {
            return false;
        }
        computeIntegrity(mac, buf, off, integrityOffset, scratch);
        int diff = 0;
        for (int i = 0; i < 20; i++) {
            diff |= scratch[i] ^ buf[integrityOffset + 4 + i];
        }
        return diff == 0;
    }

    /**
     * Writes into {@code out[0..20)} the HMAC-SHA1 of the message at {@code buf[off]} up to
     * {@code integrityAttributeOffset}, as if the header length ended just after a MESSAGE-INTEGRITY
     * attribute there. The message bytes are not modified.
     */
    static void computeIntegrity(Mac mac, byte[] buf, int off, int integrityAttributeOffset, byte[] out) {
        int adjustedLength = integrityAttributeOffset - off - HEADER_LENGTH + INTEGRITY_ATTRIBUTE_LENGTH;
        mac.reset();
        mac.update(buf, off, 2);
        mac.update((byte) (adjustedLength >> 8));
        mac.update((byte) adjustedLength);
        mac.update(buf, off + 4, integrityAttributeOffset - off - 4);
        try {
            mac.doFinal(out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA1 output buffer too small", e);
        }
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8)
                | (b[i + 3] & 0xFF);
    }

    static long u64(byte[] b, int i) {
        return (u32(b, i) << 32) | u32(b, i + 4);
    }
}
