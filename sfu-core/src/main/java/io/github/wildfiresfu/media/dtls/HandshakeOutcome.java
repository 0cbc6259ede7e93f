package io.github.wildfiresfu.media.dtls;

import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import io.github.wildfiresfu.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.UseSRTPData;

/**
 * What the bctls client or server callbacks learn during one handshake, and the checks they
 * share: the peer certificate against the SDP fingerprints, the {@code use_srtp} negotiation and
 * the keying material export. Written on the handshake thread, read by it after
 * {@code connect}/{@code accept} returns or fails.
 */
final class HandshakeOutcome {

    /** Suites for an ECDSA certificate: AEAD only, ECDHE only (forward secrecy), DTLS 1.2. */
    static final int[] ECDSA_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };

    /** Suites for an RSA certificate (a loaded {@code cert_pem} may be RSA). */
    static final int[] RSA_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    };

    private final DtlsConfig config;
    private volatile DtlsFailure failure;
    private volatile SrtpProfile profile;
    private volatile SrtpKeyingMaterial keyingMaterial;
    private volatile int minEncryptedRecordLength = DtlsRecordFilter.NO_CIPHER_YET;

    HandshakeOutcome(DtlsConfig config) {
        this.config = config;
    }

    /** Our own check that failed first, if any; it explains the handshake's failure best. */
    DtlsFailure failure() {
        return failure;
    }

    SrtpKeyingMaterial keyingMaterial() {
        return keyingMaterial;
    }

    /** Shortest valid epoch-1 record, once the cipher suite is known (see {@link DtlsRecordFilter}). */
    int minEncryptedRecordLength() {
        return minEncryptedRecordLength;
    }

    void cipherSuiteSelected(int cipherSuite) {
        minEncryptedRecordLength = DtlsRecordFilter.minEncryptedLength(cipherSuite);
    }

    /** Records a failure of ours and returns the fatal alert that aborts the handshake. */
    TlsFatalAlert fail(DtlsFailure.Kind kind, String reason, short alert) {
        if (failure == null) {
            failure = new DtlsFailure(kind, reason);
        }
        return new TlsFatalAlert(alert, reason);
    }

    /**
     * RFC 8122 §5 / RFC 8827 §6.5: the certificate the peer presents must match a fingerprint from
     * its SDP; self-signed certificates are expected, so the fingerprint is the whole check.
     */
    void verifyPeerCertificate(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(DtlsFailure.Kind.NO_PEER_CERTIFICATE, "peer sent no certificate",
                    AlertDescription.handshake_failure);
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        for (DtlsFingerprint expected : config.remoteFingerprints()) {
            if (expected.matches(der)) {
                return;
            }
        }
        String actual = DtlsFingerprint.of(config.remoteFingerprints().get(0).algorithm(), der).toSdp();
        throw fail(DtlsFailure.Kind.FINGERPRINT_MISMATCH, "peer certificate fingerprint " + actual
                + " matches none of the SDP fingerprints " + config.remoteFingerprints(), AlertDescription.bad_certificate);
    }

    /** Server side: our most preferred profile among those the client offers (RFC 5764 §4.1.1). */
    SrtpProfile chooseProfile(UseSRTPData offered) throws IOException {
        if (offered == null) {
            throw fail(DtlsFailure.Kind.NO_COMMON_SRTP_PROFILE, "peer's ClientHello has no use_srtp extension",
                    AlertDescription.handshake_failure);
        }
        List<Integer> ids = new ArrayList<>();
        for (int id : offered.getProtectionProfiles()) {
            ids.add(id);
        }
        for (SrtpProfile candidate : config.srtpProfiles()) {
            if (ids.contains(candidate.protectionProfileId())) {
                profile = candidate;
                return candidate;
            }
        }
        throw fail(DtlsFailure.Kind.NO_COMMON_SRTP_PROFILE, "no common SRTP profile: peer offers "
                + describe(ids) + ", we accept " + config.srtpProfiles(), AlertDescription.handshake_failure);
    }

    /** Client side: the server must pick exactly one of the profiles we offered (RFC 5764 §4.1.1). */
    void acceptServerChoice(UseSRTPData answered) throws IOException {
        if (answered == null) {
            throw fail(DtlsFailure.Kind.NO_COMMON_SRTP_PROFILE, "peer's ServerHello has no use_srtp extension",
                    AlertDescription.handshake_failure);
        }
        int[] ids = answered.getProtectionProfiles();
        if (ids.length == 1) {
            for (SrtpProfile candidate : config.srtpProfiles()) {
                if (candidate.protectionProfileId() == ids[0]) {
                    profile = candidate;
                    return;
                }
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int id : ids) {
            chosen.add(id);
        }
        throw fail(DtlsFailure.Kind.NO_COMMON_SRTP_PROFILE, "peer chose SRTP profile " + describe(chosen)
                + ", which is not one of ours " + config.srtpProfiles(), AlertDescription.illegal_parameter);
    }

    /**
     * Exports the DTLS-SRTP keying material (RFC 5764 §4.2, label {@code EXTRACTOR-dtls_srtp}).
     * bctls allows this only from {@code notifyHandshakeComplete}, and only with the extended
     * master secret (RFC 7627 §5.4), which both our peers require.
     */
    void exportKeyingMaterial(TlsContext context, boolean weAreClient) throws IOException {
        SrtpProfile negotiated = profile;
        if (negotiated == null) {
            throw fail(DtlsFailure.Kind.NO_COMMON_SRTP_PROFILE, "handshake completed without an SRTP profile",
                    AlertDescription.internal_error);
        }
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                negotiated.keyingMaterialLength());
        try {
            keyingMaterial = SrtpKeyingMaterial.fromExporter(negotiated, exported, weAreClient);
        } finally {
            java.util.Arrays.fill(exported, (byte) 0);
        }
    }

    private static String describe(List<Integer> ids) {
        List<String> names = new ArrayList<>();
        for (int id : ids) {
            names.add(SrtpProfile.fromProtectionProfileId(id).map(Enum::name)
                    .orElse(String.format("0x%04x", id)));
        }
        return names.toString();
    }
}
