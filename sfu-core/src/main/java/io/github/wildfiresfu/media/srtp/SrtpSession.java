package io.github.wildfiresfu.media.srtp;

import java.lang.System.Logger.Level;
import java.util.Objects;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One direction of SRTP/SRTCP for one DTLS-SRTP association: {@link SrtpProtector} for what we
 * send, {@link SrtpUnprotector} for what the peer sends. Sans-I/O: bytes in, bytes out, in place.
 *
 * <p><b>Per-packet contract.</b> Every per-packet method works in place on
 * {@code buf[off, off + len)} and returns the new length ({@code >= 0}) or a negative
 * {@link SrtpStatus#code()}. It never throws on bad packet bytes, and once the SSRC's context
 * exists this layer allocates nothing: a reusable {@link org.jitsi.utils.ByteArrayBuffer} view
 * wraps the caller's array, and contexts sit in a primitive-keyed table. (jitsi-srtp 1.1-23 itself
 * still creates an IV parameter object per packet, and the SunJCE AES-CTR it may pick copies its
 * in-place input; measured after JIT warm-up: about 90 bytes per operation with OpenSSL AES-GCM,
 * about 700 with SunJCE AES-CTR.) Out-of-range {@code off}/{@code len} are caller bugs and throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p><b>Contexts.</b> One jitsi-srtp context per SSRC, derived lazily from the master key and salt
 * on the SSRC's first packet (RFC 3711 §3.2: the cryptographic context is per SSRC), with
 * separate tables for SRTP and SRTCP. A session holds at most {@code maxSsrcs} contexts per
 * table; a further SSRC gets {@link SrtpStatus#UNKNOWN_SSRC}, which bounds the memory a peer
 * can make us spend.
 *
 * <p><b>Threading.</b> Not thread-safe: confine a session to the thread that owns the transport
 * (the room's event loop). jitsi-srtp's context methods are {@code synchronized} on their own,
 * which costs an uncontended lock per packet.
 */
public abstract sealed class SrtpSession implements AutoCloseable permits SrtpProtector, SrtpUnprotector {

    /**
     * The most bytes any supported profile appends when protecting: SRTCP under
     * {@link SrtpProfile#AEAD_AES_128_GCM} adds a 16-byte tag and the 4-byte E flag and index.
     * Pooled packet buffers must leave at least this much room after the packet.
     */
    public static final int MAX_TRAILER_LENGTH = 20;

    /** Default limit of SSRC contexts per table (a subscriber's send side may carry many streams). */
    public static final int DEFAULT_MAX_SSRCS = 1024;

    private static final System.Logger LOG = System.getLogger(SrtpSession.class.getName());

    /** jitsi-srtp wants its own logger type; it logs through java.util.logging under this name. */
    private static final Logger JITSI_LOGGER = new LoggerImpl(SrtpSession.class.getName() + ".jitsi");

    final SrtpProfile profile;
    final SrtpContextFactory factory;
    final PacketView view = new PacketView();
    final SsrcContextTable<SrtpCryptoContext> rtpContexts = new SsrcContextTable<>();
    final SsrcContextTable<SrtcpCryptoContext> rtcpContexts = new SsrcContextTable<>();
    final int maxSsrcs;
    private final long[] failures = new long[SrtpStatus.values().length];
    private long packets;
    boolean closed;

    SrtpSession(boolean sender, SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        this.profile = Objects.requireNonNull(profile, "profile");
        if (masterKey.length != profile.masterKeyLength() || masterSalt.length != profile.masterSaltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.masterKeyLength() + "-byte key and a "
                    + profile.masterSaltLength() + "-byte salt, got " + masterKey.length + " and " + masterSalt.length);
        }
        if (maxSsrcs < 1) {
            throw new IllegalArgumentException("maxSsrcs must be at least 1, got " + maxSsrcs);
        }
        this.maxSsrcs = maxSsrcs;
        // The factory copies the key and salt; close() zeroes its copies.
        this.factory = new SrtpContextFactory(sender, masterKey, masterSalt, profile.rtpPolicy(),
                profile.rtcpPolicy(), JITSI_LOGGER);
    }

    /** The negotiated protection profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link SrtpProtector#protectRtp} appends; {@link SrtpUnprotector#unprotectRtp} removes as many. */
    public int rtpTrailerLength() {
        return profile.rtpTrailerLength();
    }

    /** Bytes {@link SrtpProtector#protectRtcp} appends; {@link SrtpUnprotector#unprotectRtcp} removes as many. */
    public int rtcpTrailerLength() {
        return profile.rtcpTrailerLength();
    }

    /** Packets (RTP and RTCP) processed successfully. */
    public long packets() {
        return packets;
    }

    /** Packets that failed with {@code status}. */
    public long failures(SrtpStatus status) {
        return failures[status.ordinal()];
    }

    /** SSRCs with an SRTP context. */
    public int rtpSsrcCount() {
        return rtpContexts.size();
    }

    /** SSRCs with an SRTCP context. */
    public int rtcpSsrcCount() {
        return rtcpContexts.size();
    }

    /**
     * Zeroes the master key and salt and drops every context; later packets get
     * {@link SrtpStatus#CLOSED}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            factory.close();
            rtpContexts.clear();
            rtcpContexts.clear();
        }
    }

    final int succeeded(int length) {
        packets++;
        return length;
    }

    final int failed(SrtpStatus status) {
        if (failures[status.ordinal()]++ == 0 && status == SrtpStatus.CRYPTO_ERROR) {
            // Only the first one: the per-packet path must not log at packet rate.
            LOG.log(Level.WARNING, "SRTP crypto provider failed for " + profile + "; further failures are only counted");
        }
        return status.code();
    }

    /**
     * Length of a plausible RTP header (fixed part, CSRCs, header extension) or -1 if it is not
     * version 2 or overruns {@code len} (RFC 3550 §5.1, §5.3.1).
     */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < 12) {
            return -1;
        }
        int first = buf[off] & 0xFF;
        if ((first >>> 6) != 2) {
            return -1;
        }
        int length = 12 + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (len < length + 4) {
                return -1;
            }
            int extensionWords = ((buf[off + length + 2] & 0xFF) << 8) | (buf[off + length + 3] & 0xFF);
            length += 4 + 4 * extensionWords;
        }
        return length <= len ? length : -1;
    }

    /** Whether {@code buf[off]} starts an RTCP packet of version 2 with room for a sender SSRC. */
    static boolean isRtcpHeader(byte[] buf, int off, int len) {
        return len >= 8 && (buf[off] & 0xC0) == 0x80;
    }

    static int readInt(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
                | (buf[at + 3] & 0xFF);
    }

    static SrtpStatus toStatus(SrtpErrorStatus status) {
        return switch (status) {
            case AUTH_FAIL -> SrtpStatus.AUTH_FAILED;
            case REPLAY_FAIL -> SrtpStatus.REPLAYED;
            case REPLAY_OLD -> SrtpStatus.TOO_OLD;
            case INVALID_PACKET -> SrtpStatus.TOO_SHORT;
            case FAIL, OK -> SrtpStatus.CRYPTO_ERROR;
        };
    }
}
