package io.github.wildfiresfu.media.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtp.RtpPacket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router's small parts: extension translation, the retransmission ring, NACK generation, the SSRC table. */
class RoutingPartsTest {

    /** A packet with a one-byte extension block of the given elements ("id:hexvalue"), then a 4-byte payload. */
    static byte[] withExtensions(String... elements) {
        byte[] ext = new byte[64];
        int n = 0;
        for (String e : elements) {
            String[] f = e.split(":");
            byte[] value = hex(f[1]);
            ext[n++] = (byte) ((Integer.parseInt(f[0]) << 4) | (value.length - 1));
            System.arraycopy(value, 0, ext, n, value.length);
            n += value.length;
        }
        int words = (n + 3) / 4;
        byte[] p = new byte[12 + 4 + words * 4 + 4];
        RtpPacket.writeFixedHeader(p, 0, true, 96, 7, 9, 5);
        p[0] |= 0x10;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = (byte) words;
        System.arraycopy(ext, 0, p, 16, n);
        byte[] payload = {1, 2, 3, 4};
        System.arraycopy(payload, 0, p, p.length - 4, 4);
        return p;
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    void extensionsAreRenumberedOrLeftOutAndThePayloadFollows() {
        byte[] idMap = new byte[ExtensionRewriter.MAP_SIZE];
        idMap[2] = 4;
        idMap[13] = 6;
        byte[] src = withExtensions("4:31", "2:0a0b0c", "3:0001", "13:01");
        RtpPacket in = new RtpPacket();
        assertThat(in.wrap(src, 0, src.length)).isNull();
        byte[] dst = new byte[100];
        int n = ExtensionRewriter.copy(in, idMap, dst, 0);
        RtpPacket out = new RtpPacket();
        assertThat(out.wrap(dst, 0, n)).isNull();
        assertThat(n).isLessThanOrEqualTo(src.length);
        assertThat(out.findExtension(4)).isPositive();
        assertThat(Arrays.copyOfRange(dst, out.findExtension(4), out.findExtension(4) + 3)).containsExactly(10, 11, 12);
        assertThat(out.findExtension(6)).isPositive();
        assertThat(dst[out.findExtension(6)]).isEqualTo((byte) 1);
        assertThat(out.findExtension(2)).isEqualTo(-1);
        assertThat(out.findExtension(3)).isEqualTo(-1);
        assertThat(out.findExtension(13)).isEqualTo(-1);
        assertThat(out.extensionDataLength() % 4).isZero();
        assertThat(Arrays.copyOfRange(dst, out.payloadOffset(), out.payloadOffset() + 4)).containsExactly(1, 2, 3, 4);
        assertThat(out.marker()).isTrue();
        assertThat(out.sequenceNumber()).isEqualTo(7);
    }

    @Test
    void aPacketWhoseExtensionsAreAllLeftOutLosesItsExtensionHeader() {
        byte[] src = withExtensions("4:31", "3:0001");
        RtpPacket in = new RtpPacket();
        in.wrap(src, 0, src.length);
        byte[] dst = new byte[100];
        int n = ExtensionRewriter.copy(in, new byte[ExtensionRewriter.MAP_SIZE], dst, 0);
        RtpPacket out = new RtpPacket();
        assertThat(out.wrap(dst, 0, n)).isNull();
        assertThat(out.hasExtension()).isFalse();
        assertThat(n).isEqualTo(12 + 4);
        assertThat(Arrays.copyOfRange(dst, 12, 16)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void twoByteExtensionsBecomeOneByteOnesAndPlainPacketsAreCopiedAsTheyAre() {
        byte[] p = new byte[12 + 4 + 8 + 2];
        RtpPacket.writeFixedHeader(p, 0, false, 96, 1, 2, 3);
        p[0] |= 0x10;
        p[12] = 0x10;
        p[13] = 0x00;
        p[15] = 2;
        p[16] = 20; // id 20, 3 bytes
        p[17] = 3;
        p[18] = 7;
        p[19] = 8;
        p[20] = 9;
        p[24] = 0x55;
        p[25] = 0x66;
        byte[] idMap = new byte[ExtensionRewriter.MAP_SIZE];
        idMap[20] = 4;
        RtpPacket in = new RtpPacket();
        assertThat(in.wrap(p, 0, p.length)).isNull();
        byte[] dst = new byte[64];
        int n = ExtensionRewriter.copy(in, idMap, dst, 0);
        RtpPacket out = new RtpPacket();
        assertThat(out.wrap(dst, 0, n)).isNull();
        assertThat(out.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
        assertThat(Arrays.copyOfRange(dst, out.findExtension(4), out.findExtension(4) + 3)).containsExactly(7, 8, 9);
        assertThat(Arrays.copyOfRange(dst, out.payloadOffset(), n)).containsExactly(0x55, 0x66);

        byte[] plain = new byte[30];
        RtpPacket.writeFixedHeader(plain, 0, false, 96, 1, 2, 3);
        plain[29] = 42;
        in.wrap(plain, 0, plain.length);
        n = ExtensionRewriter.copy(in, idMap, dst, 0);
        assertThat(Arrays.copyOf(dst, n)).containsExactly(plain);
    }

    @Test
    void rewritingInPlaceGivesTheSameBytesAsCopying() {
        byte[] idMap = new byte[ExtensionRewriter.MAP_SIZE];
        idMap[2] = 4;
        idMap[13] = 6;
        idMap[20] = 3;
        List<byte[]> packets = List.of(withExtensions("4:31", "2:0a0b0c", "3:0001", "13:01"),
                withExtensions("2:0a0b0c0d0e0f", "13:ff"), withExtensions("4:31"), withExtensions("13:0102030405060708"));
        for (byte[] original : packets) {
            RtpPacket in = new RtpPacket();
            assertThat(in.wrap(original, 0, original.length)).isNull();
            byte[] copied = new byte[200];
            int n = ExtensionRewriter.copy(in, idMap, copied, 0);
            byte[] buf = Arrays.copyOf(original, original.length + 20);
            in.wrap(buf, 0, original.length);
            int m = ExtensionRewriter.copy(in, idMap, buf, 0);
            assertThat(Arrays.copyOf(buf, m)).isEqualTo(Arrays.copyOf(copied, n));
        }
    }

    /**
     * Our transport-wide sequence number element is appended (id 3, 2 zero bytes) whatever the
     * source looks like: no extension block, a block whose kept elements fill it to the word, the
     * publisher's own transport-cc element, a two-byte block, CSRCs and RTP padding. In place, where
     * the header grows, the payload must survive: the in-place result equals the copy.
     */
    @Test
    void ourTransportWideSequenceNumberIsAppendedAlsoInPlaceWhereTheHeaderGrows() {
        byte[] idMap = new byte[ExtensionRewriter.MAP_SIZE];
        idMap[2] = 4;
        idMap[13] = 6;
        idMap[20] = 5;
        byte[] plain = new byte[12 + 30];
        RtpPacket.writeFixedHeader(plain, 0, true, 96, 1, 2, 3);
        for (int i = 12; i < plain.length; i++) {
            plain[i] = (byte) i;
        }
        byte[] withCsrcAndPadding = new byte[12 + 8 + 10 + 4];
        RtpPacket.writeFixedHeader(withCsrcAndPadding, 0, false, 96, 1, 2, 3);
        withCsrcAndPadding[0] |= 0x22; // Two CSRCs, padding.
        withCsrcAndPadding[12] = 1;
        withCsrcAndPadding[16] = 2;
        for (int i = 20; i < 30; i++) {
            withCsrcAndPadding[i] = (byte) (0x40 + i);
        }
        withCsrcAndPadding[withCsrcAndPadding.length - 1] = 4;
        byte[] twoByte = new byte[12 + 4 + 8 + 2];
        RtpPacket.writeFixedHeader(twoByte, 0, false, 96, 1, 2, 3);
        twoByte[0] |= 0x10;
        twoByte[12] = 0x10;
        twoByte[15] = 2;
        twoByte[16] = 20;
        twoByte[17] = 3;
        twoByte[18] = 7;
        twoByte[19] = 8;
        twoByte[20] = 9;
        twoByte[24] = 0x55;
        twoByte[25] = 0x66;
        List<byte[]> packets = List.of(plain, withCsrcAndPadding, twoByte, withExtensions("2:0a0b0c"),
                withExtensions("2:0a0b0c0d0e0f", "13:ff"), withExtensions("4:31", "3:0001"), withExtensions("3:0102"));
        for (byte[] original : packets) {
            RtpPacket in = new RtpPacket();
            assertThat(in.wrap(original, 0, original.length)).isNull();
            int payloadLength = in.payloadLength();
            byte[] payload = Arrays.copyOfRange(original, in.payloadOffset(), original.length);
            byte[] copied = new byte[200];
            int n = ExtensionRewriter.copy(in, idMap, 3, copied, 0);
            assertThat(n - original.length).isLessThanOrEqualTo(ExtensionRewriter.MAX_GROWTH);
            RtpPacket out = new RtpPacket();
            assertThat(out.wrap(copied, 0, n)).isNull();
            int at = out.findExtension(3);
            assertThat(at).isPositive();
            assertThat(out.foundExtensionLength()).isEqualTo(ExtensionRewriter.TRANSPORT_CC_VALUE_LENGTH);
            assertThat(copied[at]).isZero();
            assertThat(copied[at + 1]).isZero();
            assertThat(out.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
            assertThat(out.payloadLength()).isEqualTo(payloadLength);
            assertThat(Arrays.copyOfRange(copied, out.payloadOffset(), n)).isEqualTo(payload);
            assertThat(out.csrcCount()).isEqualTo(in.csrcCount());

            byte[] buf = Arrays.copyOf(original, original.length + ExtensionRewriter.MAX_GROWTH);
            in.wrap(buf, 0, original.length);
            int m = ExtensionRewriter.copy(in, idMap, 3, buf, 0);
            assertThat(Arrays.copyOf(buf, m)).isEqualTo(Arrays.copyOf(copied, n));
        }
    }

    /** RFC 4588 §4: wrapping adds the OSN and the RTX identity; unwrapping gives the original back. */
    @Test
    void rtxWrapAndUnwrapRoundTrip() {
        byte[] original = withExtensions("3:0102", "2:0a0b0c");
        original[1] = (byte) (0x80 | 96); // Marker, payload type 96.
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(original, 0, original.length)).isNull();
        int seq = p.sequenceNumber();
        byte[] buf = Arrays.copyOf(original, original.length + RtxPayload.OSN_LENGTH);
        p.wrap(buf, 0, original.length);
        int n = RtxPayload.wrap(p, 0xC0FFEEL, 97, 4242);
        assertThat(n).isEqualTo(original.length + 2);
        RtpPacket rtx = new RtpPacket();
        assertThat(rtx.wrap(buf, 0, n)).isNull();
        assertThat(rtx.ssrc()).isEqualTo(0xC0FFEEL);
        assertThat(rtx.payloadType()).isEqualTo(97);
        assertThat(rtx.sequenceNumber()).isEqualTo(4242);
        assertThat(rtx.marker()).isTrue();
        assertThat(rtx.timestamp()).isEqualTo(9);
        assertThat(rtx.findExtension(2)).isPositive();
        assertThat(((buf[rtx.payloadOffset()] & 0xFF) << 8) | (buf[rtx.payloadOffset() + 1] & 0xFF)).isEqualTo(seq);
        assertThat(Arrays.copyOfRange(buf, rtx.payloadOffset() + 2, n)).containsExactly(1, 2, 3, 4);

        assertThat(RtxPayload.unwrap(rtx, 5, 96)).isEqualTo(original.length);
        assertThat(Arrays.copyOf(buf, original.length)).isEqualTo(original);
        // RTX padding that only probes has no OSN.
        byte[] probe = new byte[12 + 1];
        RtpPacket.writeFixedHeader(probe, 0, false, 97, 1, 2, 3);
        RtpPacket pr = new RtpPacket();
        pr.wrap(probe, 0, probe.length);
        assertThat(RtxPayload.unwrap(pr, 5, 96)).isEqualTo(-1);
    }

    @Test
    void theRetransmissionBufferKeepsTheLastPacketsForTheWindow() {
        RetransmissionBuffer history = new RetransmissionBuffer(4, 1000, 100);
        byte[] out = new byte[100];
        for (int seq = 65534; seq < 65540; seq++) {
            history.store(seq & 0xFFFF, new byte[] {(byte) seq, 1, 2}, 0, 3, seq);
        }
        assertThat(history.load(65535, out, 0, 65540)).as("overwritten by 3").isEqualTo(-1);
        assertThat(history.load(2, out, 0, 65540)).isEqualTo(3);
        assertThat(out[0]).isEqualTo((byte) 65538);
        assertThat(history.load(3, out, 0, 65539 + 1001)).as("older than the window").isEqualTo(-1);
        assertThat(history.load(7, out, 0, 65540)).as("never sent").isEqualTo(-1);
        history.store(9, new byte[200], 0, 200, 0);
        assertThat(history.load(9, out, 0, 0)).as("larger than a slot: not kept").isEqualTo(-1);
        history.clear();
        assertThat(history.load(2, out, 0, 65540)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "in order                  | 1 2 3 4         | ''",
        "one lost                  | 1 2 4           | 3",
        "across the wrap           | 65534 65535 1 2 | 0",
        "a late packet             | 1 3 2           | 2",
        "a jump too large to NACK  | 1 500           | ''",
    })
    void gapsAreNackedWhenSeen(String name, String arrivals, String expectedNacks) {
        NackGenerator g = new NackGenerator();
        int[] out = new int[64];
        StringBuilder nacked = new StringBuilder();
        for (String a : arrivals.split(" ")) {
            int n = g.onReceived(Integer.parseInt(a), 0, out);
            for (int i = 0; i < n; i++) {
                nacked.append(nacked.length() == 0 ? "" : " ").append(out[i]);
            }
        }
        assertThat(nacked.toString()).isEqualTo(expectedNacks);
    }

    @Test
    void missingPacketsAreAskedAgainUntilTheyComeOrTheTriesRunOut() {
        NackGenerator g = new NackGenerator();
        int[] out = new int[64];
        g.onReceived(10, 0, out);
        assertThat(g.onReceived(13, 0, out)).isEqualTo(2);
        assertThat(g.due(NackGenerator.RETRY_INTERVAL_NANOS - 1, out)).isZero();
        assertThat(g.due(NackGenerator.RETRY_INTERVAL_NANOS, out)).isEqualTo(2);
        assertThat(g.onReceived(11, 0, out)).isZero();
        assertThat(g.onReceived(11, 0, out)).as("a second copy").isEqualTo(-1);
        assertThat(g.recovered()).isEqualTo(1);
        long t = NackGenerator.RETRY_INTERVAL_NANOS;
        int asked = 2;
        for (int i = 0; i < 10; i++) {
            t += NackGenerator.RETRY_INTERVAL_NANOS;
            asked += g.due(t, out) > 0 ? 1 : 0;
        }
        assertThat(asked).isEqualTo(NackGenerator.MAX_TRIES);
        assertThat(g.missingCount()).isZero();
        assertThat(g.givenUp()).isEqualTo(1);
    }

    @Test
    void theSsrcTableFindsWhatWasPutAcrossGrowth() {
        SsrcTable<String> t = new SsrcTable<>();
        for (int i = 0; i < 100; i++) {
            t.put(i * 7919 - 50_000, "v" + i);
        }
        assertThat(t.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(t.get(i * 7919 - 50_000)).isEqualTo("v" + i);
        }
        assertThat(t.get(123_456_789)).isNull();
        t.put(-50_000, "again");
        assertThat(t.get(-50_000)).isEqualTo("again");
        assertThat(t.size()).isEqualTo(100);
        t.clear();
        assertThat(t.get(-50_000)).isNull();
    }
}
