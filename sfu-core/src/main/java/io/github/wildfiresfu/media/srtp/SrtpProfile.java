package io.github.wildfiresfu.media.srtp;

import java.util.Optional;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles we negotiate in DTLS-SRTP, in our order of preference.
 *
 * <p>Lengths are in bytes. The protection profile ids are the {@code use_srtp} code points from
 * RFC 5764 §4.1.2 (AES-CM) and RFC 7714 §14.2 (AEAD). The trailer is what protecting appends:
 * the authentication tag for SRTP, and the 4-byte E flag plus SRTCP index followed by the tag
 * for SRTCP (RFC 3711 §3.4, RFC 7714 §9).
 */
public enum SrtpProfile {

    /** AES-128 in Galois/Counter Mode with a 16-byte tag, RFC 7714; preferred (one pass, no HMAC). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16),

    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag on both SRTP and SRTCP, RFC 5764 §4.1.2. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),

    /**
     * AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP; SRTCP keeps the 80-bit tag
     * (RFC 5764 §4.1.2: "SRTCP auth tag ... 80 bits" for both SHA1 profiles).
     */
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10);

    /** Length of the SRTCP E flag plus index word that precedes the SRTCP tag (RFC 3711 §3.4). */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int protectionProfileId;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int protectionProfileId, int masterKeyLength, int masterSaltLength, int rtpTagLength,
            int rtcpTagLength) {
        this.protectionProfileId = protectionProfileId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The {@code SRTPProtectionProfile} code point carried in the DTLS {@code use_srtp} extension. */
    public int protectionProfileId() {
        return protectionProfileId;
    }

    /** Master key length in bytes. */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** Master salt length in bytes (14 for AES-CM, 12 for AEAD, RFC 7714 §12). */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes that protecting an RTP packet appends. */
    public int rtpTrailerLength() {
        return rtpTagLength;
    }

    /** Bytes that protecting an RTCP packet appends (E flag and index, then the tag). */
    public int rtcpTrailerLength() {
        return SRTCP_INDEX_LENGTH + rtcpTagLength;
    }

    /**
     * Length of the DTLS exporter output for this profile: two keys and two salts, RFC 5764 §4.2.
     */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this {@code use_srtp} code point, if we support it. */
    public static Optional<SrtpProfile> fromProtectionProfileId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.protectionProfileId == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    /** A fresh jitsi-srtp policy for RTP (policies are mutable, so never share one). */
    SrtpPolicy rtpPolicy() {
        return policy(rtpTagLength);
    }

    /** A fresh jitsi-srtp policy for RTCP. */
    SrtpPolicy rtcpPolicy() {
        return policy(rtcpTagLength);
    }

    private SrtpPolicy policy(int tagLength) {
        SrtpPolicy policy = this == AEAD_AES_128_GCM
                // GCM authenticates itself; jitsi-srtp takes the GCM tag length as the "auth tag" length.
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, masterKeyLength,
                        SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, masterSaltLength)
                // HMAC-SHA1 session authentication key is 160 bits (RFC 3711 §8.2).
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, masterKeyLength,
                        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, masterSaltLength);
        // We re-send packets for retransmission (NACK) with the same sequence number; a send-side
        // replay check would reject them, as jitsi-media-transform's SrtpUtil also notes.
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
