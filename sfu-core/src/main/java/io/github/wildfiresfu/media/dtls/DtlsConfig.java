package io.github.wildfiresfu.media.dtls;

import io.github.wildfiresfu.media.srtp.SrtpProfile;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link DtlsTransport}. Build with {@link #of} and adjust with the
 * {@code with*} methods.
 *
 * @param role whether we send the ClientHello (from SDP {@code a=setup}, RFC 8842)
 * @param remoteFingerprints the peer's {@code a=fingerprint} values; its certificate must match one
 * @param srtpProfiles SRTP profiles we offer (client) or accept (server), most preferred first
 * @param mtu largest datagram we send, janus.jcfg {@code media.dtls_mtu} (default 1200)
 * @param handshakeTimeout how long the whole handshake may take (default 30 s, as JVB)
 * @param retransmitTimeout initial DTLS flight retransmission timer, doubled on each resend
 *     (RFC 6347 §4.2.4.1; default 1 s, janus.jcfg {@code media.dtls_timeout})
 * @param receiveQueueCapacity incoming datagrams buffered for the DTLS thread; more are dropped
 */
public record DtlsConfig(DtlsRole role, List<DtlsFingerprint> remoteFingerprints, List<SrtpProfile> srtpProfiles,
        int mtu, Duration handshakeTimeout, Duration retransmitTimeout, int receiveQueueCapacity) {

    /** Janus's default {@code dtls_mtu}. */
    public static final int DEFAULT_MTU = 1200;

    /** Smallest MTU we accept: room for a DTLS record header, AEAD overhead and a handshake fragment. */
    public static final int MIN_MTU = 256;

    /** Largest UDP payload over IPv4. */
    public static final int MAX_MTU = 65507;

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    public static final Duration DEFAULT_RETRANSMIT_TIMEOUT = Duration.ofSeconds(1);

    public static final int DEFAULT_RECEIVE_QUEUE_CAPACITY = 64;

    /** AEAD_AES_128_GCM first, as design.md §3 asks; then the AES-CM profiles. */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES = List.of(SrtpProfile.AEAD_AES_128_GCM,
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AES_CM_128_HMAC_SHA1_32);

    public DtlsConfig {
        Objects.requireNonNull(role, "role");
        remoteFingerprints = List.copyOf(remoteFingerprints);
        srtpProfiles = List.copyOf(srtpProfiles);
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(retransmitTimeout, "retransmitTimeout");
        if (remoteFingerprints.isEmpty()) {
            throw new IllegalArgumentException("at least one remote fingerprint is needed to authenticate the peer");
        }
        if (srtpProfiles.isEmpty() || new HashSet<>(srtpProfiles).size() != srtpProfiles.size()) {
            throw new IllegalArgumentException("SRTP profiles must be a non-empty list without repeats: " + srtpProfiles);
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("dtls_mtu " + mtu + " is outside " + MIN_MTU + "-" + MAX_MTU);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshake timeout must be positive and under 24 days: " + handshakeTimeout);
        }
        if (retransmitTimeout.toMillis() < 1 || retransmitTimeout.toMillis() > 60_000) {
            throw new IllegalArgumentException("retransmit timeout must be 1 ms to 60 s: " + retransmitTimeout);
        }
        if (receiveQueueCapacity < 1) {
            throw new IllegalArgumentException("receive queue capacity must be at least 1: " + receiveQueueCapacity);
        }
    }

    /** Defaults for everything but the role and the peer's fingerprints. */
    public static DtlsConfig of(DtlsRole role, List<DtlsFingerprint> remoteFingerprints) {
        return new DtlsConfig(role, remoteFingerprints, DEFAULT_SRTP_PROFILES, DEFAULT_MTU, DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_RETRANSMIT_TIMEOUT, DEFAULT_RECEIVE_QUEUE_CAPACITY);
    }

    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(role, remoteFingerprints, profiles, mtu, handshakeTimeout, retransmitTimeout,
                receiveQueueCapacity);
    }

    public DtlsConfig withMtu(int newMtu) {
        return new DtlsConfig(role, remoteFingerprints, srtpProfiles, newMtu, handshakeTimeout, retransmitTimeout,
                receiveQueueCapacity);
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(role, remoteFingerprints, srtpProfiles, mtu, timeout, retransmitTimeout,
                receiveQueueCapacity);
    }

    public DtlsConfig withRetransmitTimeout(Duration timeout) {
        return new DtlsConfig(role, remoteFingerprints, srtpProfiles, mtu, handshakeTimeout, timeout,
                receiveQueueCapacity);
    }

    public DtlsConfig withReceiveQueueCapacity(int capacity) {
        return new DtlsConfig(role, remoteFingerprints, srtpProfiles, mtu, handshakeTimeout, retransmitTimeout,
                capacity);
    }
}
