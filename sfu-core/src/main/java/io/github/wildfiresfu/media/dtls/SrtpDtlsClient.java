package io.github.wildfiresfu.media.dtls;

import io.github.wildfiresfu.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * bctls client callbacks for DTLS-SRTP: DTLS 1.2 only, ECDHE suites for ECDSA and RSA server
 * keys, our certificate on request, the server certificate checked against the SDP
 * fingerprints, and {@code use_srtp}.
 */
final class SrtpDtlsClient extends DefaultTlsClient {

    private static final int[] CIPHER_SUITES = concat(HandshakeOutcome.ECDSA_CIPHER_SUITES,
            HandshakeOutcome.RSA_CIPHER_SUITES);

    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final HandshakeOutcome outcome;

    SrtpDtlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config, HandshakeOutcome outcome) {
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
        // The server's key type picks between these; ours only matters for CertificateVerify.
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
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
    public void notifySelectedCipherSuite(int selectedCipherSuite) {
        super.notifySelectedCipherSuite(selectedCipherSuite);
        outcome.cipherSuiteSelected(selectedCipherSuite);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        List<SrtpProfile> profiles = config.srtpProfiles();
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).protectionProfileId();
        }
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        outcome.acceptServerChoice(serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                outcome.verifyPeerCertificate(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return certificate.signer((BcTlsCrypto) getCrypto(), context);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        outcome.exportKeyingMaterial(context, true);
    }

    private static int[] concat(int[] first, int[] second) {
        int[] all = new int[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
