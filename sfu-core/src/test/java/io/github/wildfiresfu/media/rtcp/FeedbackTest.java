package io.github.wildfiresfu.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.rtp.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 4585 generic NACK and PLI, RFC 5104 FIR, draft-alvestrand-rmcat-remb REMB. */
class FeedbackTest {

    @Test
    void nackExpandsPidAndBitmask() {
        // PID 100, BLP 0b0000_0000_0000_0101: 100, 101 and 103 lost (RFC 4585 §6.2.1).
        byte[] b = Hex.bytes("81 cd 0003 | 00000001 | 00000002 | 0064 0005");
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(b, 0, b.length)).isNull();
        assertThat(nack.senderSsrc()).isEqualTo(1);
        assertThat(nack.mediaSsrc()).isEqualTo(2);
        assertThat(nack.itemCount()).isEqualTo(1);
        assertThat(nack.pid(0)).isEqualTo(100);
        assertThat(nack.blp(0)).isEqualTo(5);
        int[] out = new int[32];
        int n = nack.lostSequenceNumbers(out);
        assertThat(Arrays.copyOf(out, n)).containsExactly(100, 101, 103);
    }

    @Test
    void nackBitmaskWrapsAround65535() {
        byte[] b = Hex.bytes("81 cd 0004 | 00000001 | 00000002 | fffe 8003 | 0010 0000");
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(b, 0, b.length)).isNull();
        int[] out = new int[32];
        int n = nack.lostSequenceNumbers(out);
        assertThat(Arrays.copyOf(out, n)).containsExactly(65534, 65535, 0, 14, 16);
        int[] small = new int[2];
        assertThat(nack.lostSequenceNumbers(small)).isEqualTo(2);
        assertThat(small).containsExactly(65534, 65535);
    }

    @Test
    void nackWriterPacksSixteenFollowersPerItem() {
        int[] lost = {65530, 65531, 65535, 0, 10, 10, 30, 31, 47, 48};
        assertThat(GenericNack.itemsFor(lost, lost.length)).isEqualTo(3);
        byte[] b = new byte[64];
        int n = GenericNack.write(b, 0, 0xAAAAAAAAL, 0xBBBBBBBBL, lost, lost.length);
        assertThat(n).isEqualTo(12 + 3 * 4);
        // 65530 + {1, 5, 6, 16}; 30 + {1, 17 is too far -> no}; 47 + {1}.
        assertThat(Hex.of(b, 0, n)).isEqualTo("81cd0005" + "aaaaaaaa" + "bbbbbbbb" + "fffa8031" + "001e0001" + "002f0001");
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(b, 0, n)).isNull();
        int[] out = new int[32];
        int m = nack.lostSequenceNumbers(out);
        assertThat(Arrays.copyOf(out, m)).containsExactly(65530, 65531, 65535, 0, 10, 30, 31, 47, 48);
    }

    @Test
    void nackRoundTripOfEveryGapPattern() {
        byte[] b = new byte[600];
        int[] out = new int[200];
        GenericNack nack = new GenericNack();
        for (int pattern = 1; pattern < 1 << 12; pattern += 7) {
            int[] lost = new int[40];
            int count = 0;
            int seq = 65_500;
            for (int bit = 0; bit < 40; bit++) {
                if (((pattern * 2_654_435_761L) >>> bit & 1) != 0) {
                    lost[count++] = seq & 0xFFFF;
                }
                seq += 1 + (bit % 3 == 0 ? 4 : 0);
            }
            if (count == 0) {
                continue;
            }
            int n = GenericNack.write(b, 0, 1, 2, lost, count);
            assertThat(nack.wrap(b, 0, n)).isNull();
            int m = nack.lostSequenceNumbers(out);
            assertThat(Arrays.copyOf(out, m)).as("pattern %d", pattern).containsExactly(Arrays.copyOf(lost, count));
        }
    }

    @Test
    void nackRejects() {
        GenericNack nack = new GenericNack();
        byte[] noItems = Hex.bytes("81 cd 0002 | 00000001 | 00000002");
        assertThat(nack.wrap(noItems, 0, noItems.length)).isEqualTo(RtcpDropReason.TRUNCATED_BODY);
        byte[] pli = Hex.bytes("81 ce 0002 | 00000001 | 00000002");
        assertThat(nack.wrap(pli, 0, pli.length)).isEqualTo(RtcpDropReason.WRONG_TYPE);
        byte[] tooShort = Hex.bytes("81 cd 0001 | 00000001");
        assertThat(nack.wrap(tooShort, 0, tooShort.length)).isEqualTo(RtcpDropReason.TOO_SHORT);
        assertThatThrownBy(() -> GenericNack.write(new byte[64], 0, 1, 2, new int[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pli() {
        byte[] b = new byte[12];
        assertThat(Pli.write(b, 0, 0x01020304L, 0x05060708L)).isEqualTo(12);
        assertThat(Hex.of(b, 0, 12)).isEqualTo("81ce0002" + "01020304" + "05060708");
        Pli pli = new Pli();
        assertThat(pli.wrap(b, 0, 12)).isNull();
        assertThat(pli.senderSsrc()).isEqualTo(0x01020304L);
        assertThat(pli.mediaSsrc()).isEqualTo(0x05060708L);
        assertThat(new Fir().wrap(b, 0, 12)).isEqualTo(RtcpDropReason.WRONG_TYPE);
    }

    @Test
    void fir() {
        byte[] b = new byte[20];
        assertThat(Fir.write(b, 0, 0x01020304L, 0xA0B0C0D0L, 7)).isEqualTo(20);
        // RFC 5104 §4.3.1.2: media source SSRC 0; FCI: target SSRC, seq nr, 24 reserved bits.
        assertThat(Hex.of(b, 0, 20)).isEqualTo("84ce0004" + "01020304" + "00000000" + "a0b0c0d0" + "07000000");
        Fir fir = new Fir();
        assertThat(fir.wrap(b, 0, 20)).isNull();
        assertThat(fir.senderSsrc()).isEqualTo(0x01020304L);
        assertThat(fir.entryCount()).isEqualTo(1);
        assertThat(fir.entrySsrc(0)).isEqualTo(0xA0B0C0D0L);
        assertThat(fir.entrySequenceNumber(0)).isEqualTo(7);
        byte[] two = Hex.bytes("84 ce 0006 | 00000001 | 00000000 | 00000011 ff000000 | 00000022 01000000");
        assertThat(fir.wrap(two, 0, two.length)).isNull();
        assertThat(fir.entryCount()).isEqualTo(2);
        assertThat(fir.entrySequenceNumber(0)).isEqualTo(255);
        assertThat(fir.entrySsrc(1)).isEqualTo(0x22);
        byte[] none = Hex.bytes("84 ce 0002 | 00000001 | 00000000");
        assertThat(fir.wrap(none, 0, none.length)).isEqualTo(RtcpDropReason.TRUNCATED_BODY);
    }

    @Test
    void rembEncodesExponentAndMantissa() {
        byte[] b = new byte[28];
        int n = Remb.write(b, 0, 0x01020304L, 1_000_000, new long[] {0x11111111L, 0x22222222L}, 2);
        assertThat(n).isEqualTo(28);
        // 1 000 000 = 250 000 << 2: exponent 2, mantissa 0x3D090 -> 0b000010_11_1101_0000_1001_0000.
        assertThat(Hex.of(b, 0, n)).isEqualTo(
                "8fce0006" + "01020304" + "00000000" + "52454d42" + "020bd090" + "11111111" + "22222222");
        Remb remb = new Remb();
        assertThat(remb.wrap(b, 0, n)).isNull();
        assertThat(remb.senderSsrc()).isEqualTo(0x01020304L);
        assertThat(remb.bitrate()).isEqualTo(1_000_000);
        assertThat(remb.ssrcCount()).isEqualTo(2);
        assertThat(remb.ssrc(1)).isEqualTo(0x22222222L);
    }

    @Test
    void rembRoundsDownToEighteenSignificantBits() {
        byte[] b = new byte[20];
        Remb remb = new Remb();
        for (long bitrate : new long[] {0, 1, 262_143, 262_144, 262_145, 2_500_123, 10_000_000_000L, 1L << 62}) {
            Remb.write(b, 0, 1, bitrate, null, 0);
            assertThat(remb.wrap(b, 0, 20)).isNull();
            assertThat(remb.bitrate()).as("%d", bitrate).isEqualTo(Remb.representable(bitrate))
                    .isLessThanOrEqualTo(bitrate).isGreaterThan(bitrate - (bitrate >> 17) - 1);
        }
    }

    @Test
    void rembRejects() {
        Remb remb = new Remb();
        byte[] other = Hex.bytes("8f ce 0004 | 00000001 | 00000000 | 41424344 | 00000000");
        assertThat(remb.wrap(other, 0, other.length)).isEqualTo(RtcpDropReason.NOT_REMB);
        byte[] missingSsrcs = Hex.bytes("8f ce 0004 | 00000001 | 00000000 | 52454d42 | 03000001");
        assertThat(remb.wrap(missingSsrcs, 0, missingSsrcs.length)).isEqualTo(RtcpDropReason.TRUNCATED_BODY);
        // Exponent 63 with an 18-bit mantissa does not fit a long.
        byte[] overflow = Hex.bytes("8f ce 0004 | 00000001 | 00000000 | 52454d42 | 00ffffff");
        assertThat(remb.wrap(overflow, 0, overflow.length)).isEqualTo(RtcpDropReason.BAD_REMB_BITRATE);
        byte[] noIdentifier = Hex.bytes("8f ce 0002 | 00000001 | 00000000");
        assertThat(remb.wrap(noIdentifier, 0, noIdentifier.length)).isEqualTo(RtcpDropReason.NOT_REMB);
        assertThatThrownBy(() -> Remb.write(new byte[20], 0, 1, -1, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
