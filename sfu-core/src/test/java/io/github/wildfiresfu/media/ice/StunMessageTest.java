package io.github.wildfiresfu.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Our STUN reader and writer against the published RFC 5769 vectors. */
class StunMessageTest {

    private static final byte[] TXID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    private final StunMessage message = new StunMessage();
    private final CRC32 crc = new CRC32();

    static Mac mac(String pwd) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(pwd.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return mac;
    }

    @Test
    void readsAndVerifiesTheSampleRequest() throws Exception {
        byte[] b = StunTestVectors.sampleRequest();
        assertThat(b).hasSize(108);
        assertThat(message.wrap(b, 0, b.length)).isNull();
        assertThat(message.messageType()).isEqualTo(StunMessage.BINDING_REQUEST);
        assertThat(message.method()).isEqualTo(StunMessage.METHOD_BINDING);
        assertThat(message.messageClass()).isEqualTo(StunMessage.CLASS_REQUEST);
        assertThat(new String(b, message.usernameOffset(), message.usernameLength(), StandardCharsets.UTF_8))
                .isEqualTo("evtj:h6vY");
        assertThat(message.priority()).isEqualTo(0x6E0001FFL);
        assertThat(message.hasIceControlled()).isTrue();
        assertThat(message.iceControlled()).isEqualTo(0x932FF9B151263B36L);
        assertThat(message.hasIceControlling()).isFalse();
        assertThat(message.useCandidate()).isFalse();
        assertThat(message.unknownAttributeCount()).isZero();
        assertThat(message.fingerprintMatches(crc)).isTrue();
        assertThat(message.integrityMatches(mac(StunTestVectors.PASSWORD))).isTrue();
        assertThat(message.integrityMatches(mac("VOkJxbRl1RmTxUk/WvJxBu"))).isFalse();
    }

    @Test
    void readsAndVerifiesTheSampleIpv4Response() throws Exception {
        byte[] b = StunTestVectors.ipv4Response();
        assertThat(message.wrap(b, 0, b.length)).isNull();
        assertThat(message.messageType()).isEqualTo(StunMessage.BINDING_SUCCESS);
        assertThat(message.messageClass()).isEqualTo(StunMessage.CLASS_SUCCESS);
        assertThat(message.fingerprintMatches(crc)).isTrue();
        assertThat(message.integrityMatches(mac(StunTestVectors.PASSWORD))).isTrue();
        assertThat(message.xorMappedAddress())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    }

    @Test
    void readsAndVerifiesTheSampleIpv6Response() throws Exception {
        byte[] b = StunTestVectors.ipv6Response();
        assertThat(message.wrap(b, 0, b.length)).isNull();
        assertThat(message.fingerprintMatches(crc)).isTrue();
        assertThat(message.integrityMatches(mac(StunTestVectors.PASSWORD))).isTrue();
        assertThat(message.xorMappedAddress()).isEqualTo(
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    @Test
    void writerReproducesTheSampleRequestByteForByte() throws Exception {
        byte[] out = new byte[200];
        StunMessageWriter w = new StunMessageWriter();
        w.paddingByte((byte) 0x20);
        w.start(out, 0, out.length, StunMessage.BINDING_REQUEST, TXID, 0)
                .addBytes(StunMessage.SOFTWARE, ascii("STUN test client"), 0, 16)
                .addUInt32(StunMessage.PRIORITY, 0x6E0001FFL)
                .addUInt64(StunMessage.ICE_CONTROLLED, 0x932FF9B151263B36L)
                .addBytes(StunMessage.USERNAME, ascii("evtj:h6vY"), 0, 9)
                .addMessageIntegrity(mac(StunTestVectors.PASSWORD))
                .addFingerprint(crc);
        assertThat(hex(out, w.length())).isEqualTo(hex(StunTestVectors.sampleRequest()));
    }

    @Test
    void writerReproducesBothSampleResponsesByteForByte() throws Exception {
        byte[] out = new byte[200];
        StunMessageWriter w = new StunMessageWriter();
        w.paddingByte((byte) 0x20);
        byte[] v4 = InetAddress.getByName("192.0.2.1").getAddress();
        w.start(out, 0, out.length, StunMessage.BINDING_SUCCESS, TXID, 0)
                .addBytes(StunMessage.SOFTWARE, ascii("test vector"), 0, 11)
                .addXorAddress(StunMessage.XOR_MAPPED_ADDRESS, v4, 0, 4, 32853)
                .addMessageIntegrity(mac(StunTestVectors.PASSWORD))
                .addFingerprint(crc);
        assertThat(hex(out, w.length())).isEqualTo(hex(StunTestVectors.ipv4Response()));
        byte[] v6 = InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677").getAddress();
        w.start(out, 0, out.length, StunMessage.BINDING_SUCCESS, TXID, 0)
                .addBytes(StunMessage.SOFTWARE, ascii("test vector"), 0, 11)
                .addXorAddress(StunMessage.XOR_MAPPED_ADDRESS, v6, 0, 16, 32853)
                .addMessageIntegrity(mac(StunTestVectors.PASSWORD))
                .addFingerprint(crc);
        assertThat(hex(out, w.length())).isEqualTo(hex(StunTestVectors.ipv6Response()));
    }

    @Test
    void anyChangedByteBreaksIntegrityOrFingerprint() throws Exception {
        byte[] original = StunTestVectors.sampleRequest();
        Mac mac = mac(StunTestVectors.PASSWORD);
        // Every byte before MESSAGE-INTEGRITY is covered by both; flipping one must be detected.
        for (int i = 20; i < 80; i++) {
            byte[] b = original.clone();
            b[i] ^= 0x01;
            if (message.wrap(b, 0, b.length) != null) {
                continue;
            }
            assertThat(message.fingerprintMatches(crc) && message.integrityMatches(mac)).as("byte %d", i).isFalse();
        }
    }

    @Test
    void structuralChecks() {
        byte[] good = StunTestVectors.sampleRequest();
        assertThat(message.wrap(good, 0, 19)).isEqualTo(IceDropReason.MALFORMED);
        byte[] rtp = good.clone();
        rtp[0] = (byte) 0x80;
        assertThat(message.wrap(rtp, 0, rtp.length)).isEqualTo(IceDropReason.MALFORMED);
        byte[] cookie = good.clone();
        cookie[4] = 0x22;
        assertThat(message.wrap(cookie, 0, cookie.length)).isEqualTo(IceDropReason.BAD_MAGIC_COOKIE);
        byte[] oddLength = good.clone();
        oddLength[3] = 0x57;
        assertThat(message.wrap(oddLength, 0, oddLength.length)).isEqualTo(IceDropReason.MALFORMED);
        assertThat(message.wrap(good, 0, good.length - 4)).isEqualTo(IceDropReason.MALFORMED);
        byte[] hugeAttribute = good.clone();
        hugeAttribute[22] = (byte) 0xFF;
        hugeAttribute[23] = (byte) 0xFF;
        assertThat(message.wrap(hugeAttribute, 0, hugeAttribute.length)).isEqualTo(IceDropReason.MALFORMED);
        // An attribute after FINGERPRINT: FINGERPRINT must be last.
        byte[] afterFp = new byte[good.length + 8];
        System.arraycopy(good, 0, afterFp, 0, good.length);
        afterFp[good.length] = (byte) 0x80;
        afterFp[good.length + 1] = 0x22;
        afterFp[good.length + 3] = 4;
        afterFp[3] = (byte) (afterFp.length - 20);
        assertThat(message.wrap(afterFp, 0, afterFp.length)).isEqualTo(IceDropReason.BAD_FINGERPRINT);
        assertThat(message.isValid()).isFalse();
        assertThat(message.fingerprintMatches(crc)).isFalse();
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnored() throws Exception {
        byte[] out = new byte[200];
        StunMessageWriter w = new StunMessageWriter();
        w.start(out, 0, out.length, StunMessage.BINDING_REQUEST, TXID, 0)
                .addBytes(StunMessage.USERNAME, ascii("a:b"), 0, 3)
                .addMessageIntegrity(mac("pwd"))
                .addEmpty(StunMessage.USE_CANDIDATE)
                .addUInt32(0x0033, 1)
                .addFingerprint(crc);
        assertThat(message.wrap(out, 0, w.length())).isNull();
        assertThat(message.useCandidate()).isFalse();
        assertThat(message.unknownAttributeCount()).isZero();
        assertThat(message.fingerprintMatches(crc)).isTrue();
        // MESSAGE-INTEGRITY still verifies: what follows it is not covered.
        assertThat(message.integrityMatches(mac("pwd"))).isTrue();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String hex(byte[] b, int len) {
        return HexFormat.of().formatHex(b, 0, len);
    }
}
