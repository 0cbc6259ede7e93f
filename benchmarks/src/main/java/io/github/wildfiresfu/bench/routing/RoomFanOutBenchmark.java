package io.github.wildfiresfu.bench.routing;

import io.github.wildfiresfu.bench.AbstractSfuBenchmark;
import io.github.wildfiresfu.media.routing.PublishedTrack;
import io.github.wildfiresfu.media.routing.RoomRouter;
import io.github.wildfiresfu.media.routing.SubscribedTrack;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.srtp.SrtpProfile;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.transport.MediaSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Room fan-out (issue #3): one publisher's 1 100-byte video packet through {@link RoomRouter} to
 * 1, 10 or 100 subscribers, per incoming packet. The router does what it does on the media
 * thread: receive statistics, per-subscriber copy, header-extension translation, renumbering,
 * retransmission history. The sender is either a counter ({@code plain}: the router alone) or
 * an SRTP protector per subscriber ({@code srtp}: what each outgoing copy costs before the
 * socket). Socket writes are not included. Divide the score by the subscriber count for the cost
 * per forwarded packet.
 */
@State(Scope.Thread)
public class RoomFanOutBenchmark extends AbstractSfuBenchmark {

    private static final long PUBLISHER_SSRC = 1111;

    @Param({"1", "10", "100"})
    public int subscribers;

    @Param({"plain", "srtp"})
    public String sender;

    private RoomRouter.PublisherPeer publisher;
    private final byte[] template = new byte[12 + 1100];
    private byte[] buf;
    private long clock;
    private int seq;
    private long sink;

    @Setup(Level.Trial)
    public void setUp() {
        RoomRouter router = new RoomRouter("bench", () -> clock, new SplittableRandom(1), Duration.ofSeconds(1));
        Map<String, Integer> pubExt = Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.ABS_SEND_TIME, 2);
        publisher = router.addPublisher(1, counter());
        publisher.update(List.of(PublishedTrack.of("1", MediaKind.VIDEO, 96, 97, 90000, List.of(PUBLISHER_SSRC),
                Map.of(PUBLISHER_SSRC, PUBLISHER_SSRC + 1), pubExt, true)), new RoomRouter.PublisherSettings(0, 0));
        publisher.onConnected();
        Random random = new Random(7);
        List<MediaSender> senders = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            MediaSender out = counter();
            if (sender.equals("srtp")) {
                byte[] key = new byte[16];
                byte[] salt = new byte[12];
                random.nextBytes(key);
                random.nextBytes(salt);
                SrtpProtector protector = SrtpProtector.create(SrtpProfile.AEAD_AES_128_GCM, key, salt, 4);
                out = new MediaSender() {
                    @Override
                    public boolean sendRtp(byte[] b, int off, int len) {
                        sink += protector.protectRtp(b, off, len);
                        return true;
                    }

                    @Override
                    public boolean sendRtcp(byte[] b, int off, int len) {
                        return true;
                    }
                };
            }
            senders.add(out);
            RoomRouter.SubscriberPeer sub = router.addSubscriber(10 + s, out);
            sub.update(List.of(new SubscribedTrack("0", MediaKind.VIDEO, 100 + s, 96, 90000,
                    Map.of(HeaderExtensionPolicy.MID, 1, HeaderExtensionPolicy.ABS_SEND_TIME, 4), true, 1, "1",
                    true, true)), false);
            sub.onConnected();
        }
        RtpPacket.writeFixedHeader(template, 0, false, 96, 0, 0, PUBLISHER_SSRC);
        buf = new byte[template.length + 64];
    }

    private MediaSender counter() {
        return new MediaSender() {
            @Override
            public boolean sendRtp(byte[] b, int off, int len) {
                sink += len;
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
        System.arraycopy(template, 0, buf, 0, template.length);
        seq = (seq + 1) & 0xffff;
        long ts = seq * 3000L;
        buf[2] = (byte) (seq >> 8);
        buf[3] = (byte) seq;
        buf[4] = (byte) (ts >> 24);
        buf[5] = (byte) (ts >> 16);
        buf[6] = (byte) (ts >> 8);
        buf[7] = (byte) ts;
        clock += 1_000_000;
        publisher.onRtp(buf, 0, template.length);
        return sink;
    }
}
