package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {

    /** CSRC, RFC 8285 one-byte extension (id 1: 1 byte, padding byte, id 3: 3 bytes), payload "hello". */
    static final String ONE_BYTE_PACKET = "91 ef abcd | deadbeef | 11223344 | 55667788"
            + "| bede 0002 | 10 7f 00 32 010203 00 | 68656c6c6f";

    /** RFC 8285 two-byte extension (id 5: empty, padding, id 200: 3 bytes), 2-byte payload, 4 padding bytes. */
    static final String TWO_BYTE_PACKET = "b0 60 0001 | 00000064 | cafebabe"
            + "| 1000 0002 | 05 00 00 c8 03 aabbcc | 4142 | 00000004";

    private final RtpPacket packet = new RtpPacket();

    @Test
    void readsEveryHeaderFieldOfAOneBytePacket() {
        byte[] b = Hex.bytes(ONE_BYTE_PACKET);
        assertThat(packet.wrap(b, 0, b.length)).isNull();
        assertThat(packet.isValid()).isTrue();
        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.hasPadding()).isFalse();
        assertThat(packet.hasExtension()).isTrue();
        assertThat(packet.csrcCount()).isEqualTo(1);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(111);
        assertThat(packet.sequenceNumber()).isEqualTo(0xABCD);
        assertThat(packet.timestamp()).isEqualTo(0xDEADBEEFL);
        assertThat(packet.ssrc()).isEqualTo(0x11223344L);
        assertThat(packet.csrc(0)).isEqualTo(0x55667788L);
        assertThat(packet.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
        assertThat(packet.extensionDataOffset()).isEqualTo(20);
        assertThat(packet.extensionDataLength()).isEqualTo(8);
        assertThat(packet.headerLength()).isEqualTo(28);
        assertThat(packet.payloadOffset()).isEqualTo(28);
        assertThat(packet.payloadLength()).isEqualTo(5);
        assertThat(new String(b, packet.payloadOffset(), packet.payloadLength())).isEqualTo("hello");
        assertThat(packet.paddingLength()).isZero();
    }

    @Test
    void findsOneByteExtensionElements() {
        byte[] b = Hex.bytes(ONE_BYTE_PACKET);
        packet.wrap(b, 0, b.length);
        int p1 = packet.findExtension(1);
        assertThat(p1).isEqualTo(21);
        assertThat(packet.foundExtensionLength()).isEqualTo(1);
        assertThat(b[p1]).isEqualTo((byte) 0x7F);
        int p3 = packet.findExtension(3);
        assertThat(p3).isEqualTo(24);
        assertThat(packet.foundExtensionLength()).isEqualTo(3);
        assertThat(Arrays.copyOfRange(b, p3, p3 + 3)).containsExactly(1, 2, 3);
        assertThat(packet.findExtension(2)).isEqualTo(-1);
        assertThat(packet.foundExtensionLength()).isZero();
        assertThat(packet.findExtension(15)).isEqualTo(-1);
        assertThat(packet.findExtension(0)).isEqualTo(-1);
    }

    @Test
    void readsTwoBytePacketWithPadding() {
        byte[] b = Hex.bytes(TWO_BYTE_PACKET);
        assertThat(packet.wrap(b, 0, b.length)).isNull();
        assertThat(packet.hasPadding()).isTrue();
        assertThat(packet.paddingLength()).isEqualTo(4);
        assertThat(packet.extensionProfile()).isEqualTo(RtpPacket.TWO_BYTE_PROFILE);
        assertThat(packet.headerLength()).isEqualTo(24);
        assertThat(packet.payloadLength()).isEqualTo(2);
        assertThat(new String(b, packet.payloadOffset(), 2)).isEqualTo("AB");
        int p5 = packet.findExtension(5);
        assertThat(p5).isEqualTo(18);
        assertThat(packet.foundExtensionLength()).isZero();
        int p200 = packet.findExtension(200);
        assertThat(p200).isEqualTo(21);
        assertThat(packet.foundExtensionLength()).isEqualTo(3);
        assertThat(b[p200 + 2]).isEqualTo((byte) 0xCC);
        assertThat(packet.findExtension(6)).isEqualTo(-1);
    }

    @Test
    void twoByteProfileAcceptsAppBits() {
        byte[] b = Hex.bytes("90 60 0001 00000064 cafebabe 100f 0001 07 01 55 00");
        assertThat(packet.wrap(b, 0, b.length)).isNull();
        int p = packet.findExtension(7);
        assertThat(p).isEqualTo(18);
        assertThat(b[p]).isEqualTo((byte) 0x55);
    }

    @Test
    void honoursTheOffsetIntoALargerBuffer() {
        byte[] inner = Hex.bytes(ONE_BYTE_PACKET);
        byte[] b = new byte[inner.length + 10];
        System.arraycopy(inner, 0, b, 7, inner.length);
        assertThat(packet.wrap(b, 7, inner.length)).isNull();
        assertThat(packet.sequenceNumber()).isEqualTo(0xABCD);
        assertThat(packet.payloadOffset()).isEqualTo(7 + 28);
        assertThat(packet.findExtension(3)).isEqualTo(7 + 24);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("11 bytes", "80 60 0001 00000064 cafeba", RtpDropReason.TOO_SHORT),
                Arguments.of("version 1", "40 60 0001 00000064 cafebabe", RtpDropReason.BAD_VERSION),
                Arguments.of("version 0 (a STUN byte)", "00 01 0000 2112a442 00000000", RtpDropReason.BAD_VERSION),
                Arguments.of("15 CSRCs announced, 1 present", "8f 60 0001 00000064 cafebabe 00000001",
                        RtpDropReason.CSRC_OVERFLOW),
                Arguments.of("extension header cut", "90 60 0001 00000064 cafebabe bede", RtpDropReason.EXTENSION_OVERFLOW),
                Arguments.of("extension longer than packet", "90 60 0001 00000064 cafebabe bede 0004 10ff0000",
                        RtpDropReason.EXTENSION_OVERFLOW),
                Arguments.of("padding count 0", "a0 60 0001 00000064 cafebabe 41 00", RtpDropReason.BAD_PADDING),
                Arguments.of("padding longer than payload", "a0 60 0001 00000064 cafebabe 41 05",
                        RtpDropReason.BAD_PADDING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPacketsGetNamedReasons(String name, String hex, RtpDropReason expected) {
        byte[] b = Hex.bytes(hex);
        assertThat(packet.wrap(b, 0, b.length)).isEqualTo(expected);
        assertThat(packet.isValid()).isFalse();
        assertThat(packet.dropReason()).isEqualTo(expected);
        assertThat(packet.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void paddingThatIsTheWholeBodyLeavesAnEmptyPayload() {
        byte[] b = Hex.bytes("a0 60 0001 00000064 cafebabe 000002");
        b[b.length - 1] = 3;
        assertThat(packet.wrap(b, 0, b.length)).isNull();
        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.paddingLength()).isEqualTo(3);
    }

    @Test
    void malformedExtensionElementsAreNotFound() {
        // One-byte element id 3 announces 4 bytes but only 3 remain in the block.
        byte[] overflow = Hex.bytes("90 60 0001 00000064 cafebabe bede 0001 33 010203");
        assertThat(packet.wrap(overflow, 0, overflow.length)).isNull();
        assertThat(packet.findExtension(3)).isEqualTo(-1);
        // RFC 8285 §4.2: id 15 ends the parse; the element after it is not seen.
        byte[] stop = Hex.bytes("90 60 0001 00000064 cafebabe bede 0001 f0 10 7f 00");
        assertThat(packet.wrap(stop, 0, stop.length)).isNull();
        assertThat(packet.findExtension(1)).isEqualTo(-1);
        // Two-byte element whose length runs past the block.
        byte[] two = Hex.bytes("90 60 0001 00000064 cafebabe 1000 0001 07 09 5555");
        assertThat(packet.wrap(two, 0, two.length)).isNull();
        assertThat(packet.findExtension(7)).isEqualTo(-1);
        // An unknown profile (RFC 3550 generic extension) has no RFC 8285 elements.
        byte[] generic = Hex.bytes("90 60 0001 00000064 cafebabe abcd 0001 10 7f 0000");
        assertThat(packet.wrap(generic, 0, generic.length)).isNull();
        assertThat(packet.findExtension(1)).isEqualTo(-1);
        // No extension at all.
        byte[] none = Hex.bytes("80 60 0001 00000064 cafebabe 00");
        assertThat(packet.wrap(none, 0, none.length)).isNull();
        assertThat(packet.findExtension(1)).isEqualTo(-1);
        assertThat(packet.extensionProfile()).isEqualTo(-1);
        assertThat(packet.extensionDataLength()).isZero();
    }

    @Test
    void settersWriteInPlaceAndKeepOtherFields() {
        byte[] b = Hex.bytes(ONE_BYTE_PACKET);
        packet.wrap(b, 0, b.length);
        packet.setMarker(false);
        packet.setPayloadType(96);
        packet.setSequenceNumber(0x1FFFF);
        packet.setTimestamp(0x1_FFFF_FFFFL);
        packet.setSsrc(0x8000_0001L);
        assertThat(packet.marker()).isFalse();
        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.sequenceNumber()).isEqualTo(0xFFFF);
        assertThat(packet.timestamp()).isEqualTo(0xFFFF_FFFFL);
        assertThat(packet.ssrc()).isEqualTo(0x8000_0001L);
        assertThat(packet.csrc(0)).isEqualTo(0x55667788L);
        assertThat(packet.csrcCount()).isEqualTo(1);
        assertThat(packet.hasExtension()).isTrue();
        packet.setMarker(true);
        packet.setPayloadType(127);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(127);
        assertThat(packet.wrap(b, 0, b.length)).isNull();
        assertThat(packet.findExtension(3)).isEqualTo(24);
    }

    @Test
    void bitSettersChangeOnlyTheirBits() {
        byte[] b = new byte[12];
        RtpPacket.writeFixedHeader(b, 0, false, 0, 0, 0, 0);
        packet.wrap(b, 0, b.length);
        packet.setPadding(true);
        packet.setExtension(true);
        packet.setCsrcCount(3);
        assertThat(b[0]).isEqualTo((byte) 0xB3);
        packet.setPadding(false);
        packet.setExtension(false);
        packet.setCsrcCount(0);
        packet.setVersion(1);
        assertThat(b[0]).isEqualTo((byte) 0x40);
        assertThat(packet.wrap(b, 0, b.length)).isEqualTo(RtpDropReason.BAD_VERSION);
    }

    @Test
    void writeFixedHeaderRoundTrips() {
        byte[] b = new byte[20];
        assertThat(RtpPacket.writeFixedHeader(b, 0, true, 100, 65535, 4_294_967_295L, 0xFEDCBA98L)).isEqualTo(12);
        assertThat(Hex.of(b, 0, 12)).isEqualTo("80e4ffffffffffff" + "fedcba98");
        assertThat(packet.wrap(b, 0, 20)).isNull();
        assertThat(packet.payloadLength()).isEqualTo(8);
        assertThat(packet.toString()).contains("seq=65535", "pt=100");
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(7983);
        byte[] b = new byte[64];
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(b);
            b[0] = (byte) (0x80 | (b[0] & 0x3F));
            int len = random.nextInt(b.length + 1);
            if (packet.wrap(b, 0, len) == null) {
                assertThat(packet.payloadLength()).isBetween(0, len);
                for (int id = 1; id < 16; id++) {
                    int p = packet.findExtension(id);
                    if (p >= 0) {
                        assertThat(p + packet.foundExtensionLength()).isLessThanOrEqualTo(len);
                    }
                }
            }
        }
    }
}
