package io.github.wildfiresfu.media.dtls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Our DTLS identity: one X.509 certificate and its private key, shared by every DTLS transport
 * of the server. Its {@link #fingerprint()} goes into every SDP we send ({@code a=fingerprint}).
 *
 * <p>Either {@linkplain #generate() generated at start} as Janus does by default
 * ({@code dtls.c}: a self-signed NIST P-256 certificate, janus.jcfg explains why self-signed is
 * fine for WebRTC), or {@linkplain #load loaded} from janus.jcfg's {@code certificates.cert_pem}
 * / {@code cert_key} / {@code cert_pwd}. ECDSA keys are preferred; RSA keys load too (Janus's
 * {@code rsa_private_key} option), and then the DTLS server offers ECDHE_RSA suites.
 *
 * <p>Immutable and thread-safe.
 */
public final class DtlsCertificate {

    /** Common name of generated certificates. */
    public static final String DEFAULT_COMMON_NAME = "wildfire-sfu";

    /** Generated certificates are valid from this long before their creation (clock skew). */
    public static final Duration GENERATED_VALID_BEFORE = Duration.ofDays(30);

    /** Generated certificates are valid until this long after their creation. */
    public static final Duration GENERATED_VALID_AFTER = Duration.ofDays(365);

    private static final System.Logger LOG = System.getLogger(DtlsCertificate.class.getName());

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final SignatureAndHashAlgorithm signatureAlgorithm;
    private final String keyDescription;
    private final X509CertificateHolder holder;

    private DtlsCertificate(X509CertificateHolder holder, AsymmetricKeyParameter privateKey) throws IOException {
        this.holder = holder;
        this.der = holder.getEncoded();
        this.privateKey = privateKey;
        if (privateKey instanceof ECPrivateKeyParameters ec) {
            int bits = ec.getParameters().getCurve().getFieldSize();
            // Pair the hash with the curve size, as TLS 1.3's ecdsa_secpXXXrY_shaZZZ schemes do.
            short hash = bits > 384 ? HashAlgorithm.sha512 : bits > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256;
            this.signatureAlgorithm = new SignatureAndHashAlgorithm(hash, SignatureAlgorithm.ecdsa);
            this.keyDescription = "ECDSA " + bits + "-bit";
        } else if (privateKey instanceof RSAKeyParameters rsa) {
            this.signatureAlgorithm = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
            this.keyDescription = "RSA " + rsa.getModulus().bitLength() + "-bit";
        } else {
            throw new IllegalArgumentException("unsupported key type " + privateKey.getClass().getSimpleName());
        }
    }

    /** Generates a self-signed ECDSA P-256 certificate named {@link #DEFAULT_COMMON_NAME}. */
    public static DtlsCertificate generate() {
        return generate(DEFAULT_COMMON_NAME, Instant.now());
    }

    /**
     * Generates a self-signed ECDSA P-256 certificate with a random 64-bit serial, valid from
     * {@code now - 30 days} to {@code now + 365 days}, signed with SHA256withECDSA.
     */
    public static DtlsCertificate generate(String commonName, Instant now) {
        Objects.requireNonNull(commonName, "commonName");
        SecureRandom random = new SecureRandom();
        X9ECParameters p256 = ECNamedCurveTable.getByName("P-256");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; random so that restarts differ.
        BigInteger serial = new BigInteger(64, random).setBit(62);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(GENERATED_VALID_BEFORE)), Date.from(now.plus(GENERATED_VALID_AFTER)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            ContentSigner signer = new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate());
            return new DtlsCertificate(builder.build(signer), keyPair.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a DTLS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Loads janus.jcfg's {@code certificates.cert_pem} and {@code cert_key}. The certificate file
     * may hold a chain; its first certificate is ours (as Janus uses only the first). The key may
     * be SEC1 ({@code EC PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}), PKCS#8
     * ({@code PRIVATE KEY}), or encrypted ({@code ENCRYPTED PRIVATE KEY} or an OpenSSL
     * {@code Proc-Type: 4,ENCRYPTED} header), and may sit in the certificate file itself.
     *
     * @param password {@code cert_pwd}, or {@code null} if the key is not encrypted
     * @throws DtlsCertificateException naming the setting and file when anything is wrong
     */
    public static DtlsCertificate load(Path certPem, Path keyPem, String password) throws DtlsCertificateException {
        X509CertificateHolder certificate = readCertificate(certPem);
        AsymmetricKeyParameter privateKey = readPrivateKey(keyPem, password);
        try {
            AsymmetricKeyParameter publicKey = PublicKeyFactory.createKey(certificate.getSubjectPublicKeyInfo());
            if (!isKeyPair(publicKey, privateKey)) {
                throw new DtlsCertificateException("cert_key " + keyPem
                        + " does not hold the private key of the certificate in cert_pem " + certPem);
            }
            DtlsCertificate loaded = new DtlsCertificate(certificate, privateKey);
            if (certificate.getNotAfter().toInstant().isBefore(Instant.now())) {
                // Browsers check only the fingerprint, not the validity, so this is not fatal.
                LOG.log(Level.WARNING, "cert_pem " + certPem + " expired on " + certificate.getNotAfter().toInstant());
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            throw new DtlsCertificateException("cert_pem " + certPem + ": unusable public key: " + e.getMessage(), e);
        }
    }

    /** SHA-256 fingerprint, the one we put into SDP. */
    public DtlsFingerprint fingerprint() {
        return fingerprint("sha-256");
    }

    /** Fingerprint with another hash function (one of {@link DtlsFingerprint#SUPPORTED_ALGORITHMS}). */
    public DtlsFingerprint fingerprint(String algorithm) {
        return DtlsFingerprint.of(algorithm, der);
    }

    /** The DER-encoded certificate (a copy). */
    public byte[] der() {
        return der.clone();
    }

    /** Subject distinguished name, e.g. {@code CN=wildfire-sfu}. */
    public String subject() {
        return holder.getSubject().toString();
    }

    public Instant notBefore() {
        return holder.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return holder.getNotAfter().toInstant();
    }

    public BigInteger serialNumber() {
        return holder.getSerialNumber();
    }

    /** Key algorithm and size, e.g. {@code ECDSA 256-bit}, for logs. */
    public String keyDescription() {
        return keyDescription;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + subject() + ", " + keyDescription + ", " + fingerprint().toSdp() + "]";
    }

    boolean isRsa() {
        return privateKey instanceof RSAKeyParameters;
    }

    /**
     * Our key and certificate as bctls credentials for one handshake: the server signs its
     * ServerKeyExchange with them, the client its CertificateVerify (both ends of DTLS-SRTP
     * authenticate by certificate, RFC 5763 §5).
     */
    TlsCredentialedSigner signer(BcTlsCrypto crypto, TlsContext context) throws IOException {
        org.bouncycastle.tls.Certificate chain =
                new org.bouncycastle.tls.Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, chain,
                signatureAlgorithm);
    }

    private static X509CertificateHolder readCertificate(Path certPem) throws DtlsCertificateException {
        try (PEMParser parser = new PEMParser(reader(certPem, "cert_pem"))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder certificate) {
                    return certificate;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DtlsCertificateException("cert_pem " + certPem + ": not valid PEM: " + e.getMessage(), e);
        }
        throw new DtlsCertificateException("cert_pem " + certPem + ": no \"BEGIN CERTIFICATE\" block found");
    }

    private static AsymmetricKeyParameter readPrivateKey(Path keyPem, String password) throws DtlsCertificateException {
        PrivateKeyInfo keyInfo = null;
        try (PEMParser parser = new PEMParser(reader(keyPem, "cert_key"))) {
            Object object;
            while (keyInfo == null && (object = parser.readObject()) != null) {
                if (object instanceof PEMKeyPair pair) {
                    keyInfo = pair.getPrivateKeyInfo();
                } else if (object instanceof PrivateKeyInfo info) {
                    keyInfo = info;
                } else if (object instanceof PEMEncryptedKeyPair encrypted) {
                    keyInfo = encrypted.decryptKeyPair(
                            new BcPEMDecryptorProvider(requirePassword(keyPem, password))).getPrivateKeyInfo();
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    keyInfo = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(BouncyCastle.PROVIDER).build(requirePassword(keyPem, password)));
                } else if (!(object instanceof ASN1ObjectIdentifier || object instanceof X509CertificateHolder)) {
                    // EC PARAMETERS blocks and certificates may share the file; anything else is odd.
                    LOG.log(Level.DEBUG, "cert_key " + keyPem + ": skipping " + object.getClass().getSimpleName());
                }
            }
        } catch (DtlsCertificateException e) {
            throw e;
        } catch (PKCSException | OperatorCreationException | org.bouncycastle.openssl.EncryptionException e) {
            throw new DtlsCertificateException("cert_key " + keyPem
                    + ": cannot decrypt the key with cert_pwd (wrong password?): " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new DtlsCertificateException("cert_key " + keyPem + ": not a readable PEM private key: "
                    + e.getMessage(), e);
        }
        if (keyInfo == null) {
            throw new DtlsCertificateException("cert_key " + keyPem
                    + ": no private key found (expected an EC, RSA, PKCS#8 or encrypted PRIVATE KEY block)");
        }
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(keyInfo);
        } catch (IOException | RuntimeException e) {
            throw new DtlsCertificateException("cert_key " + keyPem + ": unsupported private key: " + e.getMessage(), e);
        }
        if (!(key instanceof ECPrivateKeyParameters) && !(key instanceof RSAKeyParameters)) {
            throw new DtlsCertificateException("cert_key " + keyPem + ": " + key.getClass().getSimpleName()
                    + " keys are not supported for DTLS-SRTP; use an ECDSA (P-256) or RSA key");
        }
        return key;
    }

    private static Reader reader(Path path, String setting) throws DtlsCertificateException {
        try {
            return new StringReader(Files.readString(path, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            throw new DtlsCertificateException(setting + " " + path + ": cannot read: " + e, e);
        }
    }

    private static char[] requirePassword(Path keyPem, String password) throws DtlsCertificateException {
        if (password == null || password.isEmpty()) {
            throw new DtlsCertificateException("cert_key " + keyPem + ": the key is encrypted; set cert_pwd");
        }
        return password.toCharArray();
    }

    private static boolean isKeyPair(AsymmetricKeyParameter publicKey, AsymmetricKeyParameter privateKey) {
        if (publicKey instanceof ECPublicKeyParameters ecPublic && privateKey instanceof ECPrivateKeyParameters ecPrivate) {
            return ecPublic.getParameters().getCurve().equals(ecPrivate.getParameters().getCurve())
                    && ecPrivate.getParameters().getG().multiply(ecPrivate.getD()).normalize()
                            .equals(ecPublic.getQ().normalize());
        }
        if (publicKey instanceof RSAKeyParameters rsaPublic && privateKey instanceof RSAKeyParameters rsaPrivate) {
            return rsaPublic.getModulus().equals(rsaPrivate.getModulus());
        }
        return false;
    }

    /** The BC JCA provider, built only if an encrypted PKCS#8 key needs it; never installed globally. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
