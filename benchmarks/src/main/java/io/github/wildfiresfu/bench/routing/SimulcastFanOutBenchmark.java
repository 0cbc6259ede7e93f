package io.github.wildfiresfu.bench.routing;

import io.github.wildfiresfu.bench.AbstractSfuBenchmark;
import io.github.wildfiresfu.media.routing.PublishedTrack;
import io.github.wildfiresfu.media.routing.RoomRouter;
import io.github.wildfiresfu.media.routing.SubscribedTrack;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.CodecName;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.transport.MediaSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Simulcast fan-out (issue #3): a VP8 publisher with three rid substreams (two temporal layers,
 * a keyframe on every layer each 30 frames) through {@link RoomRouter} to 1, 10 or 100
 * subscribers spread over the targets substream 2, 1 and 0 with temporal 0 (every third
 * subscriber). One operation routes one 1 100-byte packet of each substream: per-packet layer
 * description (keyframe, TID), each subscriber's layer selection, temporal drops, and for the
 * packets a subscriber gets the copy, renumbering, VP8 PictureID/TL0PICIDX rewrite and history.
 * Divide the score by 3 for the cost per incoming packet. The sender only counts.
 */
@State(Scope.Thread)
public class SimulcastFanOutBenchmark extends AbstractSfuBenchmark {

    private static final long[] SSRC = {0x100, 0x200, 0x300};
    private static final String[] RID = {"l", "m", "h"};

    @Param({"1", "10", "100"})
    public int subscribers;

    private RoomRouter.PublisherPeer publisher;
    /** Per layer: [0] keyframe, [1] delta TID 0, [2] delta TID 1 (no header extensions). */
    private final byte[][][] templates = new byte[3][3][];
    private final byte[] buf = new byte[2048];
    private final int[] seq = new int[3];
    private long clock;
    private int frame;
    private long sink;
    /** Packets each subscriber got, for the set-up check. */
    private long[] received;

    @Setup(Level.Trial)
    public void setUp() {
        RoomRouter router = new RoomRouter("bench", () -> clock, new SplittableRandom(1), Duration.ofSeconds(1));
        Map<String, Integer> ext = Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.RID, 10,
                HeaderExtensionPolicy.ABS_SEND_TIME, 2);
        received = new long[subscribers];
        publisher = router.addPublisher(1, counter(-1));
        publisher.update(List.of(new PublishedTrack("1", MediaKind.VIDEO, 96, 97, 90000, List.of(), Map.of(), ext, true,
                true, true, List.of("h", "m", "l"), CodecName.VP8)), new RoomRouter.PublisherSettings(0, 0));
        publisher.onConnected();
        for (int s = 0; s < subscribers; s++) {
            RoomRouter.SubscriberPeer sub = router.addSubscriber(10 + s, counter(s));
            sub.update(List.of(new SubscribedTrack("0", MediaKind.VIDEO, 100 + s, 96, 90000,
                    Map.of(HeaderExtensionPolicy.ABS_SEND_TIME, 4), true, 1, "1", true, true, -1, -1, 2 - s % 3,
                    s % 3 == 2 ? 0 : 2, 0)), false);
            sub.onConnected();
        }
        for (int l = 0; l < 3; l++) {
            templates[l][0] = vp8(SSRC[l], 0, true, false);
            templates[l][1] = vp8(SSRC[l], 0, false, false);
            templates[l][2] = vp8(SSRC[l], 1, false, false);
            // The first packet of each layer names its rid, as a browser's do.
            byte[] tagged = vp8(SSRC[l], 0, false, true);
            tagged[19] = (byte) RID[l].charAt(0);
            System.arraycopy(tagged, 0, buf, 0, tagged.length);
            publisher.onRtp(buf, 0, tagged.length);
        }
        // A benchmark that routes nothing measures nothing: every subscriber must be getting video.
        for (int f = 0; f < 60; f++) {
            fanOut();
        }
        for (int s = 0; s < subscribers; s++) {
            if (received[s] == 0) {
                throw new IllegalStateException("subscriber " + s + " got nothing: " + publisher.stats());
            }
        }
    }

    /** A 1 100-byte VP8 packet: descriptor with PictureID, TL0PICIDX and TID; optionally mid/rid extensions. */
    private static byte[] vp8(long ssrc, int tid, boolean key, boolean tagged) {
        int ext = tagged ? 8 : 0;
        byte[] p = new byte[12 + ext + 1100];
        RtpPacket.writeFixedHeader(p, 0, true, 96, 0, 0, ssrc);
        int o = 12;
        if (tagged) {
            p[0] |= 0x10;
            p[12] = (byte) 0xBE;
            p[13] = (byte) 0xDE;
            p[15] = 1;
            p[16] = 0x40; // mid "1"
            p[17] = '1';
            p[18] = (byte) 0xA0; // rid, one character, filled in by the caller
            o += 8;
        }
        p[o] = (byte) 0x90;
        p[o + 1] = (byte) 0xE0;
        p[o + 2] = (byte) 0x80;
        p[o + 5] = (byte) (tid << 6);
        byte[] header = key ? new byte[] {(byte) 0x9c, 0x01, 0x00, (byte) 0x9d, 0x01, 0x2a}
                : "1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, p, o + 6, header.length);
        return p;
    }

    /** A sender that counts; {@code subscriber} >= 0 also counts that subscriber's packets. */
    private MediaSender counter(int subscriber) {
        return new MediaSender() {
            @Override
            public boolean sendRtp(byte[] b, int off, int len) {
                sink += len;
                if (subscriber >= 0) {
                    received[subscriber]++;
                }
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] b, int off, int len) {
                return true;
            }
        };
    }

    @Benchmark
    public long fanOut() {
        clock += 33_000_000L;
        int kind = frame % 30 == 0 ? 0 : 1 + frame % 2;
        long ts = frame * 3000L;
        for (int l = 0; l < 3; l++) {
            byte[] t = templates[l][kind];
            System.arraycopy(t, 0, buf, 0, t.length);
            int s = ++seq[l] & 0xFFFF;
            buf[2] = (byte) (s >> 8);
            buf[3] = (byte) s;
            buf[4] = (byte) (ts >> 24);
            buf[5] = (byte) (ts >> 16);
            buf[6] = (byte) (ts >> 8);
            buf[7] = (byte) ts;
            buf[14] = (byte) (0x80 | ((frame >> 8) & 0x7F));
            buf[15] = (byte) frame;
            buf[16] = (byte) (frame >> 1);
            publisher.onRtp(buf, 0, t.length);
        }
        frame = (frame + 1) & 0x7FFF;
        return sink;
    }
}
