package io.github.wildfiresfu.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.rtp.DropCounters;
import io.github.wildfiresfu.media.rtp.Hex;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compound iterator and the RFC 3550 report packets (SR, RR, SDES, BYE, APP). */
class RtcpCompoundTest {

    /** SR with one report block, assembled by hand from RFC 3550 §6.4.1. */
    static final String SR = "81 c8 000c | 11223344 | e1a2b3c4 d5e6f708 | 00bc614e | 00000064 | 00002710"
            + "| 55667788 | 40 fffffe | 00010005 | 00000020 | b3c4d5e6 | 00010000";
    /** SDES, one chunk, CNAME "abc", null terminator and padding to 32 bits (RFC 3550 §6.5). */
    static final String SDES = "81 ca 0003 | 11223344 | 01 03 616263 | 00 0000";
    /** BYE for one SSRC with reason "goodbye" (RFC 3550 §6.6). */
    static final String BYE = "81 cb 0003 | 11223344 | 07 676f6f64627965";

    private final RtcpCompoundIterator it = new RtcpCompoundIterator();

    @Test
    void walksACompoundPacket() {
        byte[] b = Hex.bytes(SR + SDES + BYE);
        it.wrap(b, 0, b.length);
        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.SR);
        assertThat(it.count()).isEqualTo(1);
        assertThat(it.packetOffset()).isZero();
        assertThat(it.packetLength()).isEqualTo(52);
        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.SDES);
        assertThat(it.packetOffset()).isEqualTo(52);
        assertThat(it.packetLength()).isEqualTo(16);
        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.BYE);
        assertThat(it.packetLength()).isEqualTo(16);
        assertThat(it.next()).isFalse();
        assertThat(it.dropReason()).isNull();
        assertThat(it.packetsSeen()).isEqualTo(3);
    }

    @Test
    void readsTheSenderReportAndItsBlock() {
        byte[] b = Hex.bytes(SR);
        SenderReport sr = new SenderReport();
        assertThat(sr.wrap(b, 0, b.length)).isNull();
        assertThat(sr.senderSsrc()).isEqualTo(0x11223344L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xE1A2B3C4D5E6F708L);
        assertThat(SenderReport.compactNtp(sr.ntpTimestamp())).isEqualTo(0xB3C4D5E6L);
        assertThat(sr.rtpTimestamp()).isEqualTo(12_345_678L);
        assertThat(sr.packetCount()).isEqualTo(100);
        assertThat(sr.octetCount()).isEqualTo(10_000);
        assertThat(sr.reportCount()).isEqualTo(1);
        ReportBlock block = ReportBlock.read(b, sr.reportBlockOffset(0));
        assertThat(block).isEqualTo(new ReportBlock(0x55667788L, 0x40, -2, 0x10005L, 32, 0xB3C4D5E6L, 0x10000L));
    }

    @Test
    void writersReproduceTheHandAssembledPackets() {
        byte[] b = new byte[64];
        ReportBlock block = new ReportBlock(0x55667788L, 0x40, -2, 0x10005L, 32, 0xB3C4D5E6L, 0x10000L);
        int n = SenderReport.write(b, 0, 0x11223344L, 0xE1A2B3C4D5E6F708L, 12_345_678L, 100, 10_000,
                new ReportBlock[] {block}, 1);
        assertThat(Hex.of(b, 0, n)).isEqualTo(Hex.of(Hex.bytes(SR), 0, 52));
        n = Sdes.writeCname(b, 0, 0x11223344L, "abc");
        assertThat(Hex.of(b, 0, n)).isEqualTo(Hex.of(Hex.bytes(SDES), 0, 16));
        n = Bye.write(b, 0, new long[] {0x11223344L}, 1, "goodbye".getBytes());
        assertThat(Hex.of(b, 0, n)).isEqualTo(Hex.of(Hex.bytes(BYE), 0, 16));
    }

    @Test
    void receiverReportRoundTrip() {
        byte[] b = new byte[100];
        ReportBlock[] blocks = {
            new ReportBlock(1, 0, 0x7FFFFF, 0xFFFF_FFFFL, 0, 0, 0),
            new ReportBlock(0xFFFF_FFFFL, 255, -0x800000, 1, 0xFFFF_FFFFL, 1, 2)};
        int n = ReceiverReport.write(b, 0, 0xCAFEBABEL, blocks, 2);
        assertThat(n).isEqualTo(8 + 48);
        it.wrap(b, 0, n);
        assertThat(it.next()).isTrue();
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(b, it.packetOffset(), it.packetLength())).isNull();
        assertThat(rr.senderSsrc()).isEqualTo(0xCAFEBABEL);
        assertThat(rr.reportCount()).isEqualTo(2);
        assertThat(ReportBlock.read(b, rr.reportBlockOffset(0))).isEqualTo(blocks[0]);
        assertThat(ReportBlock.read(b, rr.reportBlockOffset(1))).isEqualTo(blocks[1]);
        // An empty RR (no reception) is valid too.
        n = ReceiverReport.write(b, 0, 7, null, 0);
        assertThat(Hex.of(b, 0, n)).isEqualTo("80c9000100000007");
        assertThat(rr.wrap(b, 0, n)).isNull();
        assertThat(rr.reportCount()).isZero();
    }

    @Test
    void sdesReadsCnamesOfSeveralChunks() {
        byte[] b = Hex.bytes("82 ca 0007 | 11223344 | 01 03 616263 | 00 0000"
                + "| 55667788 | 02 02 7878 | 01 04 77786f7a | 00 00");
        Sdes sdes = new Sdes();
        assertThat(sdes.wrap(b, 0, b.length)).isNull();
        assertThat(sdes.chunkCount()).isEqualTo(2);
        assertThat(sdes.chunkSsrc(0)).isEqualTo(0x11223344L);
        assertThat(sdes.cname(0)).isEqualTo("abc");
        assertThat(sdes.chunkSsrc(1)).isEqualTo(0x55667788L);
        assertThat(sdes.cname(1)).isEqualTo("wxoz");
        assertThat(sdes.findItem(1, 2)).isEqualTo(22);
        assertThat(sdes.foundLength()).isEqualTo(2);
        assertThat(sdes.findItem(1, 5)).isEqualTo(-1);
    }

    @Test
    void sdesChunkWithoutItemsStillNeedsItsNullOctets() {
        byte[] ok = Hex.bytes("81 ca 0002 | 11223344 | 00000000");
        Sdes sdes = new Sdes();
        assertThat(sdes.wrap(ok, 0, ok.length)).isNull();
        assertThat(sdes.cname(0)).isNull();
        byte[] missing = Hex.bytes("81 ca 0001 | 11223344");
        assertThat(sdes.wrap(missing, 0, missing.length)).isEqualTo(RtcpDropReason.MALFORMED_SDES);
        byte[] itemOverflow = Hex.bytes("81 ca 0002 | 11223344 | 01 09 6162");
        assertThat(sdes.wrap(itemOverflow, 0, itemOverflow.length)).isEqualTo(RtcpDropReason.MALFORMED_SDES);
        byte[] moreChunksThanBytes = Hex.bytes("82 ca 0002 | 11223344 | 00000000");
        assertThat(sdes.wrap(moreChunksThanBytes, 0, moreChunksThanBytes.length))
                .isEqualTo(RtcpDropReason.MALFORMED_SDES);
    }

    @Test
    void byeWithAndWithoutReason() {
        Bye bye = new Bye();
        byte[] b = Hex.bytes(BYE);
        assertThat(bye.wrap(b, 0, b.length)).isNull();
        assertThat(bye.ssrcCount()).isEqualTo(1);
        assertThat(bye.ssrc(0)).isEqualTo(0x11223344L);
        assertThat(bye.reason()).isEqualTo("goodbye");
        byte[] two = new byte[12];
        assertThat(Bye.write(two, 0, new long[] {1, 2}, 2, null)).isEqualTo(12);
        assertThat(bye.wrap(two, 0, 12)).isNull();
        assertThat(bye.reasonOffset()).isEqualTo(-1);
        assertThat(bye.ssrc(1)).isEqualTo(2);
        byte[] badReason = Hex.bytes("81 cb 0002 | 11223344 | 09 616263");
        assertThat(bye.wrap(badReason, 0, badReason.length)).isEqualTo(RtcpDropReason.MALFORMED_BYE);
        byte[] tooManySsrcs = Hex.bytes("83 cb 0002 | 11223344 | 55667788");
        assertThat(bye.wrap(tooManySsrcs, 0, tooManySsrcs.length)).isEqualTo(RtcpDropReason.TRUNCATED_BODY);
    }

    @Test
    void appPacket() {
        byte[] b = Hex.bytes("85 cc 0003 | 11223344 | 54455354 | 01020304");
        App app = new App();
        assertThat(app.wrap(b, 0, b.length)).isNull();
        assertThat(app.subtype()).isEqualTo(5);
        assertThat(app.ssrc()).isEqualTo(0x11223344L);
        assertThat(app.name()).isEqualTo(0x54455354L);
        assertThat(app.dataOffset()).isEqualTo(12);
        assertThat(app.dataLength()).isEqualTo(4);
        assertThat(app.wrap(Hex.bytes(SR), 0, 52)).isEqualTo(RtcpDropReason.WRONG_TYPE);
    }

    @Test
    void paddingOnTheLastPacketIsHonoured() {
        // RR without blocks, padded with 4 bytes (P bit, count in the last byte).
        byte[] b = Hex.bytes(SDES + "a0 c9 0002 | 00000007 | 00000004");
        it.wrap(b, 0, b.length);
        assertThat(it.next()).isTrue();
        assertThat(it.next()).isTrue();
        assertThat(RtcpHeader.lengthWithoutPadding(b, it.packetOffset(), it.packetLength())).isEqualTo(8);
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(b, it.packetOffset(), it.packetLength())).isNull();
        assertThat(rr.senderSsrc()).isEqualTo(7);
        assertThat(it.next()).isFalse();
        assertThat(it.dropReason()).isNull();
    }

    @Test
    void malformedHeadersStopTheWalkWithANamedReason() {
        String good = SDES;
        check(good + "81 c9", 1, RtcpDropReason.TOO_SHORT);
        check(good + "41 c9 0001 00000007", 1, RtcpDropReason.BAD_VERSION);
        check(good + "80 c9 0009 00000007", 1, RtcpDropReason.LENGTH_OVERFLOW);
        check(good + "a0 c9 0001 00000000", 1, RtcpDropReason.BAD_PADDING);
        check(good + "a0 c9 0001 000000ff", 1, RtcpDropReason.BAD_PADDING);
        check("", 0, null);
    }

    private void check(String hex, int goodPackets, RtcpDropReason reason) {
        byte[] b = Hex.bytes(hex);
        it.wrap(b, 0, b.length);
        int n = 0;
        while (it.next()) {
            n++;
        }
        assertThat(n).as(hex).isEqualTo(goodPackets);
        assertThat(it.dropReason()).as(hex).isEqualTo(reason);
        assertThat(it.next()).isFalse();
    }

    @Test
    void readersRejectTruncatedBodies() {
        SenderReport sr = new SenderReport();
        byte[] shortSr = Hex.bytes("80 c8 0001 11223344");
        assertThat(sr.wrap(shortSr, 0, shortSr.length)).isEqualTo(RtcpDropReason.TOO_SHORT);
        byte[] srMissingBlock = Hex.bytes(SR.replace("81 c8 000c", "82 c8 000c"));
        assertThat(sr.wrap(srMissingBlock, 0, srMissingBlock.length)).isEqualTo(RtcpDropReason.TRUNCATED_BODY);
        ReceiverReport rr = new ReceiverReport();
        byte[] rrMissingBlock = Hex.bytes("81 c9 0001 00000007");
        assertThat(rr.wrap(rrMissingBlock, 0, rrMissingBlock.length)).isEqualTo(RtcpDropReason.TRUNCATED_BODY);
        assertThat(rr.wrap(Hex.bytes(SR), 0, 52)).isEqualTo(RtcpDropReason.WRONG_TYPE);
        assertThat(new Sdes().wrap(Hex.bytes(SR), 0, 52)).isEqualTo(RtcpDropReason.WRONG_TYPE);
        assertThat(new Bye().wrap(Hex.bytes(SR), 0, 52)).isEqualTo(RtcpDropReason.WRONG_TYPE);
    }

    @Test
    void writersCheckTheirArguments() {
        assertThatThrownBy(() -> SenderReport.write(new byte[27], 0, 1, 2, 3, 4, 5, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 28 bytes");
        assertThatThrownBy(() -> ReceiverReport.write(new byte[100], 0, 1, null, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sdes.writeCname(new byte[400], 0, 1, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtcpHeader.write(new byte[4], 0, 0, 200, 6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDatagramsNeverThrowAndEveryDropIsCounted() {
        Random random = new Random(3550);
        DropCounters<RtcpDropReason> drops = new DropCounters<>(RtcpDropReason.class);
        byte[] b = new byte[96];
        SenderReport sr = new SenderReport();
        ReceiverReport rr = new ReceiverReport();
        Sdes sdes = new Sdes();
        Bye bye = new Bye();
        App app = new App();
        GenericNack nack = new GenericNack();
        Pli pli = new Pli();
        Fir fir = new Fir();
        Remb remb = new Remb();
        TransportCcFeedback tcc = new TransportCcFeedback();
        int packets = 0;
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(b);
            b[0] = (byte) (0x80 | (b[0] & 0x3F));
            b[1] = (byte) (200 + random.nextInt(8));
            b[2] = 0;
            b[3] = (byte) random.nextInt(24);
            int len = random.nextInt(b.length + 1);
            it.wrap(b, 0, len);
            while (it.next()) {
                packets++;
                int o = it.packetOffset();
                int l = it.packetLength();
                RtcpDropReason r = switch (it.packetType()) {
                    case RtcpHeader.SR -> sr.wrap(b, o, l);
                    case RtcpHeader.RR -> rr.wrap(b, o, l);
                    case RtcpHeader.SDES -> sdes.wrap(b, o, l);
                    case RtcpHeader.BYE -> bye.wrap(b, o, l);
                    case RtcpHeader.APP -> app.wrap(b, o, l);
                    case RtcpHeader.RTPFB -> it.count() == 1 ? nack.wrap(b, o, l) : tcc.wrap(b, o, l);
                    case RtcpHeader.PSFB -> it.count() == 1 ? pli.wrap(b, o, l)
                            : it.count() == 4 ? fir.wrap(b, o, l) : remb.wrap(b, o, l);
                    default -> null;
                };
                if (r != null) {
                    drops.increment(r);
                } else if (it.packetType() == RtcpHeader.RTPFB && it.count() == 15) {
                    while (tcc.nextPacket()) {
                        assertThat(tcc.packetDeltaTicks()).isBetween(-32768, 32767);
                    }
                }
            }
            if (it.dropReason() != null) {
                drops.increment(it.dropReason());
            }
        }
        assertThat(packets).isPositive();
        assertThat(drops.total()).isPositive();
    }
}
