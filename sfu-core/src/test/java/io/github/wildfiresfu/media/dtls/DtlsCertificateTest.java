package io.github.wildfiresfu.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtlsCertificateTest {

    @TempDir
    Path dir;

    @Test
    void generatedCertificateIsSelfSignedP256WithTheRequestedValidity() throws Exception {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        DtlsCertificate certificate = DtlsCertificate.generate("wildfire-sfu", now);

        assertThat(certificate.subject()).isEqualTo("CN=wildfire-sfu");
        assertThat(certificate.keyDescription()).isEqualTo("ECDSA 256-bit");
        assertThat(certificate.notBefore()).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(certificate.notAfter()).isEqualTo(now.plus(Duration.ofDays(365)));
        assertThat(certificate.serialNumber().signum()).isPositive();

        // The JDK parses it and its signature verifies with its own public key: self-signed.
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.der()));
        x509.verify(x509.getPublicKey());
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(x509.getPublicKey().toString()).contains("secp256r1");

        DtlsCertificate other = DtlsCertificate.generate();
        assertThat(other.serialNumber()).isNotEqualTo(certificate.serialNumber());
        assertThat(other.fingerprint()).isNotEqualTo(certificate.fingerprint());
    }

    @Test
    void fingerprintIsRfc8122UpperCaseHexOfTheDerSha256() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate();
        String sdp = certificate.fingerprint().toSdp();
        assertThat(sdp).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.der());
        assertThat(sdp).isEqualTo("sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        assertThat(certificate.fingerprint("SHA-512").toSdp()).startsWith("sha-512 ").hasSize(8 + 64 * 3 - 1);
        assertThat(certificate.toString()).contains(sdp).doesNotContain("PRIVATE");
    }

    @Test
    void loadsOpensslFilesAndAgreesWithOpensslFingerprints() throws Exception {
        Path cert = write("ec.crt", OpensslFixtures.EC_CERT);
        DtlsCertificate plain = DtlsCertificate.load(cert, write("ec.key", OpensslFixtures.EC_KEY), null);
        assertThat(plain.fingerprint().toSdp()).isEqualTo(OpensslFixtures.EC_SHA256);
        assertThat(plain.fingerprint("sha-1").toSdp()).isEqualTo(OpensslFixtures.EC_SHA1);
        assertThat(plain.subject()).isEqualTo("CN=openssl-fixture");

        DtlsCertificate pkcs8 = DtlsCertificate.load(cert,
                write("ec-enc.key", OpensslFixtures.EC_KEY_PKCS8_ENCRYPTED), OpensslFixtures.PASSWORD);
        DtlsCertificate traditional = DtlsCertificate.load(cert,
                write("ec-trad.key", OpensslFixtures.EC_KEY_TRADITIONAL_ENCRYPTED), OpensslFixtures.PASSWORD);
        assertThat(pkcs8.fingerprint()).isEqualTo(plain.fingerprint());
        assertThat(traditional.fingerprint()).isEqualTo(plain.fingerprint());

        // Certificate and key in one file, as some operators keep them.
        Path both = write("both.pem", OpensslFixtures.EC_CERT + OpensslFixtures.EC_KEY);
        assertThat(DtlsCertificate.load(both, both, null).fingerprint()).isEqualTo(plain.fingerprint());

        DtlsCertificate rsa = DtlsCertificate.load(write("rsa.crt", OpensslFixtures.RSA_CERT),
                write("rsa.key", OpensslFixtures.RSA_KEY), null);
        assertThat(rsa.fingerprint().toSdp()).isEqualTo(OpensslFixtures.RSA_SHA256);
        assertThat(rsa.keyDescription()).isEqualTo("RSA 2048-bit");
    }

    @Test
    void badFilesGiveOneLineErrorsNamingSettingAndFile() throws IOException {
        Path cert = write("ec.crt", OpensslFixtures.EC_CERT);
        Path key = write("ec.key", OpensslFixtures.EC_KEY);
        Path encrypted = write("ec-enc.key", OpensslFixtures.EC_KEY_PKCS8_ENCRYPTED);
        Path traditional = write("ec-trad.key", OpensslFixtures.EC_KEY_TRADITIONAL_ENCRYPTED);
        Path missing = dir.resolve("missing.pem");
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n");
        Path empty = write("empty.pem", "hello\n");

        assertLoadFails(missing, key, null, "cert_pem " + missing + ": cannot read");
        assertLoadFails(cert, missing, null, "cert_key " + missing + ": cannot read");
        assertLoadFails(garbage, key, null, "cert_pem " + garbage + ": not valid PEM");
        assertLoadFails(empty, key, null, "cert_pem " + empty + ": no \"BEGIN CERTIFICATE\" block");
        assertLoadFails(cert, empty, null, "cert_key " + empty + ": no private key found");
        assertLoadFails(cert, cert, null, "cert_key " + cert + ": no private key found");
        assertLoadFails(cert, encrypted, null, "cert_key " + encrypted + ": the key is encrypted; set cert_pwd");
        assertLoadFails(cert, encrypted, "wrong", "cert_key " + encrypted + ": cannot decrypt the key with cert_pwd");
        assertLoadFails(cert, traditional, "wrong", "cert_key " + traditional + ": cannot decrypt the key with cert_pwd");
        Path rsaKey = write("rsa.key", OpensslFixtures.RSA_KEY);
        assertLoadFails(cert, rsaKey, null, "cert_key " + rsaKey + " does not hold the private key of the certificate in cert_pem " + cert);
        Path edKey = write("ed.key", OpensslFixtures.ED25519_KEY);
        assertLoadFails(write("ed.crt", OpensslFixtures.ED25519_CERT), edKey, null,
                "cert_key " + edKey + ": Ed25519PrivateKeyParameters keys are not supported for DTLS-SRTP");
    }

    @Test
    void fingerprintsParseAndMatchAsSdpWritesThem() {
        DtlsCertificate certificate = DtlsCertificate.generate();
        DtlsFingerprint fingerprint = certificate.fingerprint();
        String lower = fingerprint.toSdp().toLowerCase(java.util.Locale.ROOT);
        assertThat(DtlsFingerprint.parse(lower)).isEqualTo(fingerprint);
        assertThat(DtlsFingerprint.parse("  SHA-256   " + fingerprint.toSdp().substring(8) + " ")).isEqualTo(fingerprint);
        assertThat(DtlsFingerprint.parse(fingerprint.toSdp()).matches(certificate.der())).isTrue();
        assertThat(DtlsFingerprint.parse(fingerprint.toSdp()).matches(DtlsCertificate.generate().der())).isFalse();
        for (String algorithm : DtlsFingerprint.SUPPORTED_ALGORITHMS) {
            DtlsFingerprint other = certificate.fingerprint(algorithm);
            assertThat(DtlsFingerprint.parse(other.toSdp())).isEqualTo(other);
            assertThat(other.matches(certificate.der())).isTrue();
        }

        assertThatThrownBy(() -> DtlsFingerprint.parse("md5 00:11")).hasMessageContaining("unsupported fingerprint hash function \"md5\"");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256")).hasMessageContaining("is not \"<hash-function> <hex pairs");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 AB:CD")).hasMessageContaining("has 2 bytes, but sha-256 digests are 32 bytes");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-1 ZZ:" + "00:".repeat(18) + "00")).hasMessageContaining("malformed hex");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-1 0011")).hasMessageContaining("malformed hex");
    }

    private void assertLoadFails(Path cert, Path key, String password, String message) {
        assertThatThrownBy(() -> DtlsCertificate.load(cert, key, password))
                .isInstanceOf(DtlsCertificateException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
