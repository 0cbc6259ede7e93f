package io.github.wildfiresfu.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * bctls server callbacks for DTLS-SRTP: DTLS 1.2 only, ECDHE suites for our key type, a
 * mandatory client certificate checked against the SDP fingerprints, and {@code use_srtp}.
 */
final class SrtpDtlsServer extends DefaultTlsServer {

    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final HandshakeOutcome outcome;
    private UseSRTPData chosenSrtp;

    SrtpDtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config, HandshakeOutcome outcome) {
        super(crypto);
        this.certificate = certificate;
        this.config = config;
        this.outcome = outcome;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        // Only suites our own key can authenticate: offering RSA suites with an ECDSA key makes
        // bctls pick one and fail with internal_error (environment.md §2).
        return TlsUtils.getSupportedCipherSuites(getCrypto(),
                certificate.isRsa() ? HandshakeOutcome.RSA_CIPHER_SUITES : HandshakeOutcome.ECDSA_CIPHER_SUITES);
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) config.handshakeTimeout().toMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return (int) config.retransmitTimeout().toMillis();
    }

    @Override
    public int getSelectedCipherSuite() throws IOException {
        int suite = super.getSelectedCipherSuite();
        outcome.cipherSuiteSelected(suite);
        return suite;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        int profileId = outcome.chooseProfile(TlsSRTPUtils.getUseSRTPExtension(clientExtensions)).protectionProfileId();
        // RFC 5764 §4.1.1: the server answers with one profile; we use no MKI.
        chosenSrtp = new UseSRTPData(new int[] {profileId}, TlsUtils.EMPTY_BYTES);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, chosenSrtp);
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public CertificateRequest getCertificateRequest() {
        // WebRTC authenticates both ends by certificate fingerprint, so the client must present one.
        // The signature algorithms must be set, or bctls rejects the request (environment.md §2).
        Vector algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        outcome.verifyPeerCertificate(clientCertificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return signer();
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return signer();
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        outcome.exportKeyingMaterial(context, false);
    }

    private TlsCredentialedSigner signer() throws IOException {
        return certificate.signer((BcTlsCrypto) getCrypto(), context);
    }
}
