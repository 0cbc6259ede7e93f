package io.github.wildfiresfu.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Objects;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Unprotects what the peer sends: SRTP into RTP and SRTCP into RTCP, in place (see
 * {@link SrtpSession} for the per-packet contract). Each SSRC has a 64-packet replay window
 * (RFC 3711 §3.3.2) and a rollover counter estimated from the sequence numbers (§3.3.1), so
 * packets keep decrypting across the 65535 to 0 wrap, also when reordered around it.
 *
 * <p>A context derived for a new SSRC is kept only if that SSRC's first packet authenticates,
 * so forged packets with random SSRCs cannot fill the table.
 *
 * <p>Not thread-safe; confine to the transport's thread.
 */
public final class SrtpUnprotector extends SrtpSession {

    private SrtpUnprotector(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        super(false, profile, masterKey, masterSalt, maxSsrcs);
    }

    /** Unprotector for the peer's direction of a DTLS-SRTP association (its remote key and salt). */
    public static SrtpUnprotector create(SrtpKeyingMaterial keyingMaterial) {
        return create(keyingMaterial, DEFAULT_MAX_SSRCS);
    }

    /** Same as {@link #create(SrtpKeyingMaterial)} with an explicit SSRC context limit. */
    public static SrtpUnprotector create(SrtpKeyingMaterial keyingMaterial, int maxSsrcs) {
        Objects.requireNonNull(keyingMaterial, "keyingMaterial");
        return new SrtpUnprotector(keyingMaterial.profile(), keyingMaterial.remoteKey(),
                keyingMaterial.remoteSalt(), maxSsrcs);
    }

    /** Unprotector from an explicit master key and salt (SDES-style keys, test vectors). */
    public static SrtpUnprotector create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        return new SrtpUnprotector(profile, masterKey, masterSalt, maxSsrcs);
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTP packet in {@code buf[off, off + len)}.
     *
     * @return the RTP length, or a negative {@link SrtpStatus#code()}: {@code TOO_SHORT},
     *     {@code AUTH_FAILED}, {@code REPLAYED}, {@code TOO_OLD}, {@code UNKNOWN_SSRC},
     *     {@code CLOSED}, {@code CRYPTO_ERROR}
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (closed) {
            return failed(SrtpStatus.CLOSED);
        }
        if (rtpHeaderLength(buf, off, len) < 0) {
            return failed(SrtpStatus.TOO_SHORT);
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext context = rtpContexts.get(ssrc);
            boolean fresh = context == null;
            if (fresh) {
                if (rtpContexts.size() >= maxSsrcs) {
                    return failed(SrtpStatus.UNKNOWN_SSRC);
                }
                context = factory.deriveContext(ssrc, 0);
            }
            SrtpErrorStatus status = context.reverseTransformPacket(view.wrap(buf, off, len), false);
            if (status != SrtpErrorStatus.OK) {
                return failed(toStatus(status));
            }
            if (fresh) {
                rtpContexts.put(ssrc, context);
            }
            return succeeded(view.getLength());
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed(SrtpStatus.CRYPTO_ERROR);
        } finally {
            view.release();
        }
    }

    /**
     * Authenticates, replay-checks and (if its E flag is set) decrypts the SRTCP packet in
     * {@code buf[off, off + len)}.
     *
     * @return the RTCP length, or a negative {@link SrtpStatus#code()}
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (closed) {
            return failed(SrtpStatus.CLOSED);
        }
        if (!isRtcpHeader(buf, off, len) || len < 8 + profile.rtcpTrailerLength()) {
            return failed(SrtpStatus.TOO_SHORT);
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext context = rtcpContexts.get(ssrc);
            boolean fresh = context == null;
            if (fresh) {
                if (rtcpContexts.size() >= maxSsrcs) {
                    return failed(SrtpStatus.UNKNOWN_SSRC);
                }
                context = factory.deriveControlContext(ssrc);
            }
            SrtpErrorStatus status = context.reverseTransformPacket(view.wrap(buf, off, len));
            if (status != SrtpErrorStatus.OK) {
                return failed(toStatus(status));
            }
            if (fresh) {
                rtcpContexts.put(ssrc, context);
            }
            return succeeded(view.getLength());
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed(SrtpStatus.CRYPTO_ERROR);
        } finally {
            view.release();
        }
    }
}
