package io.github.wildfiresfu.recorder.post;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.testing.Rtp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PacketOrdererTest {

    private static final long SSRC = 0xCAFE;

    /** Feeds "seq:ts" pairs in arrival order; returns the ordered list as "seq:ts" relative to the first. */
    private static OrderedPackets order(String... arrivals) {
        PacketOrderer o = new PacketOrderer(90_000);
        int i = 0;
        for (String a : arrivals) {
            String[] st = a.split(":");
            byte[] p = Rtp.packet(96, Integer.parseInt(st[0]), Long.parseLong(st[1]), SSRC, false, Rtp.payload(i, 4));
            o.accept(p, 0, p.length, 1000L * i, i * 10L, i);
            i++;
        }
        return o.finish();
    }

    private static List<String> seqs(OrderedPackets o) {
        return o.packets().stream().map(p -> Integer.toString(p.seq())).toList();
    }

    static Stream<Arguments> orderings() {
        return Stream.of(
            Arguments.of("in order", new String[] {"1:0", "2:3000", "3:6000"}, "1,2,3", 0, 0),
            Arguments.of("frames reordered", new String[] {"1:0", "3:6000", "2:3000"}, "1,2,3", 1, 0),
            Arguments.of("packets of one frame reordered", new String[] {"1:0", "3:0", "2:0", "4:3000"}, "1,2,3,4", 1, 0),
            Arguments.of("seq wraps inside one frame", new String[] {"65534:0", "65535:0", "0:0", "1:3000"},
                "65534,65535,0,1", 0, 0),
            Arguments.of("seq wraps inside one frame, reordered", new String[] {"65535:0", "0:0", "65534:0", "1:3000"},
                "65534,65535,0,1", 1, 0),
            Arguments.of("timestamp wraps", new String[] {"10:4294964296", "11:1704", "12:4704"}, "10,11,12", 0, 1),
            Arguments.of("late packet from before the wrap", new String[] {"10:4294964296", "12:4704", "11:1704",
                "13:7704"}, "10,11,12,13", 1, 1),
            Arguments.of("late packet from before the wrap, arriving after it",
                new String[] {"10:4294961296", "12:1704", "11:4294964296"}, "10,11,12", 1, 1),
            Arguments.of("ts and seq wrap together", new String[] {"65535:4294967000", "0:2000", "1:5000"},
                "65535,0,1", 0, 1),
            Arguments.of("reordered across both wraps", new String[] {"65534:4294966000", "0:3000", "65535:4294967295",
                "1:6000"}, "65534,65535,0,1", 1, 1),
            Arguments.of("lost packets", new String[] {"1:0", "2:3000", "5:12000", "6:15000"}, "1,2,5,6", 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orderings")
    void ordersByExtendedTimestampThenSequence(String name, String[] arrivals, String expected, int reordered,
                                               int wraps) {
        OrderedPackets o = order(arrivals);
        assertThat(String.join(",", seqs(o))).isEqualTo(expected);
        assertThat(o.stats().reordered()).isEqualTo(reordered);
        assertThat(o.stats().timestampWraps()).isEqualTo(wraps);
        // Extended timestamps never go backwards in the ordered list.
        for (int i = 1; i < o.packets().size(); i++) {
            assertThat(o.packets().get(i).extendedTs()).isGreaterThanOrEqualTo(o.packets().get(i - 1).extendedTs());
        }
    }

    @Test
    void extendedTimestampsAreContinuousAcrossTheWrap() {
        OrderedPackets o = order("10:4294965296", "11:1000", "12:4000");
        long first = o.packets().get(0).extendedTs();
        assertThat(o.packets()).extracting(p -> p.extendedTs() - first).containsExactly(0L, 3000L, 6000L);
        // The first timestamp is placed at 2^32 + ts, as janus-pp-rec starts at times_resetted = 1.
        assertThat(first).isEqualTo((1L << 32) + 4294965296L);
    }

    @Test
    void countsLostSequenceNumbers() {
        assertThat(order("1:0", "2:3000", "5:12000", "6:15000").stats().lost()).isEqualTo(2);
        assertThat(order("65534:0", "1:9000").stats().lost()).isEqualTo(2);
    }

    @Test
    void dropsDuplicatesKeepingTheFirstCopy() {
        OrderedPackets o = order("1:0", "2:3000", "2:3000", "3:6000", "1:0");
        assertThat(seqs(o)).containsExactly("1", "2", "3");
        assertThat(o.stats().duplicates()).isEqualTo(2);
        assertThat(o.packets().get(1).recordIndex()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheFirstSsrcAndDropsWhatIsNotRtp() {
        PacketOrderer o = new PacketOrderer(48_000);
        byte[] a = Rtp.packet(111, 1, 0, 1, false, Rtp.payload(0, 10));
        byte[] b = Rtp.packet(111, 2, 960, 2, false, Rtp.payload(0, 10));
        byte[] headerOnly = Rtp.packet(111, 3, 1920, 1, false, new byte[0]);
        byte[] paddingOnly = Rtp.withExtensionAndPadding(111, 4, 2880, 1, new byte[0], 4);
        byte[] padded = Rtp.withExtensionAndPadding(111, 5, 3840, 1, Rtp.payload(9, 6), 3);
        byte[] badPadding = Rtp.withExtensionAndPadding(111, 6, 4800, 1, Rtp.payload(9, 2), 40);
        badPadding[badPadding.length - 1] = 60; // Claims more padding than the packet has after its header.
        byte[] version1 = Rtp.packet(111, 7, 5760, 1, false, Rtp.payload(0, 10));
        version1[0] = 0x40;
        byte[] tooLarge = Rtp.packet(111, 8, 6720, 1, false, new byte[1600]);
        byte[] shortOne = {(byte) 0x80, 111, 0, 9};
        long offset = 0;
        for (byte[] p : List.of(a, b, headerOnly, paddingOnly, padded, badPadding, version1, tooLarge, shortOne)) {
            o.accept(p, 0, p.length, offset, -1, 0);
            offset += 1000;
        }
        OrderedPackets r = o.finish();
        assertThat(r.ssrc()).isEqualTo(1);
        assertThat(seqs(r)).containsExactly("1", "5");
        IndexedPacket p5 = r.packets().get(1);
        // Payload after the 12-byte header and 8-byte extension, padding removed.
        assertThat(p5.payloadOffset()).isEqualTo(4000 + 20);
        assertThat(p5.payloadLength()).isEqualTo(6);
        assertThat(r.stats()).isEqualTo(new OrderingStats(9, 2, 0, 1, 3, 1, 2, 0, 3, 0));
    }

    @Test
    void durationFollowsTheClock() {
        assertThat(order("1:0", "2:90000").durationSeconds()).isEqualTo(1.0);
        assertThat(order("1:0").durationSeconds()).isZero();
    }
}
