package io.github.wildfiresfu.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Objects;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Protects what we send: RTP into SRTP and RTCP into SRTCP, in place (see {@link SrtpSession} for
 * the per-packet contract). The rollover counter starts at 0 and follows the sequence numbers
 * (RFC 3711 §3.3.1). There is no send-side replay check, so a retransmission of an already sent
 * sequence number (NACK answer) is protected again rather than refused.
 *
 * <p>Not thread-safe; confine to the transport's thread.
 */
public final class SrtpProtector extends SrtpSession {

    private SrtpProtector(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        super(true, profile, masterKey, masterSalt, maxSsrcs);
    }

    /** Protector for our direction of a DTLS-SRTP association (its local key and salt). */
    public static SrtpProtector create(SrtpKeyingMaterial keyingMaterial) {
        return create(keyingMaterial, DEFAULT_MAX_SSRCS);
    }

    /** Same as {@link #create(SrtpKeyingMaterial)} with an explicit SSRC context limit. */
    public static SrtpProtector create(SrtpKeyingMaterial keyingMaterial, int maxSsrcs) {
        Objects.requireNonNull(keyingMaterial, "keyingMaterial");
        return new SrtpProtector(keyingMaterial.profile(), keyingMaterial.localKey(), keyingMaterial.localSalt(),
                maxSsrcs);
    }

    /** Protector from an explicit master key and salt (SDES-style keys, test vectors). */
    public static SrtpProtector create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        return new SrtpProtector(profile, masterKey, masterSalt, maxSsrcs);
    }

    /**
     * Encrypts and authenticates the RTP packet in {@code buf[off, off + len)}. The buffer must
     * have {@link #rtpTrailerLength()} free bytes after the packet.
     *
     * @return the SRTP length, or a negative {@link SrtpStatus#code()}: {@code TOO_SHORT},
     *     {@code NO_HEADROOM}, {@code UNKNOWN_SSRC}, {@code CLOSED}, {@code CRYPTO_ERROR}
     */
    public int protectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (closed) {
            return failed(SrtpStatus.CLOSED);
        }
        if (rtpHeaderLength(buf, off, len) < 0) {
            return failed(SrtpStatus.TOO_SHORT);
        }
        if (buf.length - off - len < profile.rtpTrailerLength()) {
            return failed(SrtpStatus.NO_HEADROOM);
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext context = rtpContexts.get(ssrc);
            if (context == null) {
                if (rtpContexts.size() >= maxSsrcs) {
                    return failed(SrtpStatus.UNKNOWN_SSRC);
                }
                // ROC 0: a stream we send starts its index at its first sequence number.
                context = factory.deriveContext(ssrc, 0);
                rtpContexts.put(ssrc, context);
            }
            SrtpErrorStatus status = context.transformPacket(view.wrap(buf, off, len));
            return status == SrtpErrorStatus.OK ? succeeded(view.getLength()) : failed(toStatus(status));
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed(SrtpStatus.CRYPTO_ERROR);
        } finally {
            view.release();
        }
    }

    /**
     * Encrypts and authenticates the (compound) RTCP packet in {@code buf[off, off + len)}, keyed
     * by the sender SSRC of its first packet. The buffer must have {@link #rtcpTrailerLength()}
     * free bytes after the packet. The SRTCP index counts from 0 per SSRC.
     *
     * @return the SRTCP length, or a negative {@link SrtpStatus#code()}
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (closed) {
            return failed(SrtpStatus.CLOSED);
        }
        if (!isRtcpHeader(buf, off, len)) {
            return failed(SrtpStatus.TOO_SHORT);
        }
        if (buf.length - off - len < profile.rtcpTrailerLength()) {
            return failed(SrtpStatus.NO_HEADROOM);
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext context = rtcpContexts.get(ssrc);
            if (context == null) {
                if (rtcpContexts.size() >= maxSsrcs) {
                    return failed(SrtpStatus.UNKNOWN_SSRC);
                }
                context = factory.deriveControlContext(ssrc);
                rtcpContexts.put(ssrc, context);
            }
            SrtpErrorStatus status = context.transformPacket(view.wrap(buf, off, len));
            return status == SrtpErrorStatus.OK ? succeeded(view.getLength()) : failed(toStatus(status));
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed(SrtpStatus.CRYPTO_ERROR);
        } finally {
            view.release();
        }
    }
}
