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
 *
 * <p>{@code transportCc}: {@code off} is the packet and negotiation of the first measurement (no
 * header extension); {@code on} is what browsers negotiate now: the publisher's packet carries
 * abs-send-time and its transport-wide sequence number, whose arrival is recorded for feedback, and
 * every copy gets abs-send-time under the subscriber's id plus our own transport-wide number. The
 * feedback packets themselves are written on the room's tick (every 100 ms), not per packet.
 */
@State(Scope.Thread)
public class RoomFanOutBenchmark extends AbstractSfuBenchmark {

    private static final long PUBLISHER_SSRC = 1111;

    @Param({"1", "10", "100"})
    public int subscribers;

    @Param({"plain", "srtp"})
    public String sender;

    @Param({"off", "on"})
    public String transportCc;

    private RoomRouter.PublisherPeer publisher;
    private byte[] template;
    private byte[] buf;
    private long clock;
    private int seq;
    private long sink;

    @Setup(Level.Trial)
    public void setUp() {
        RoomRouter router = new RoomRouter("bench", () -> clock, new SplittableRandom(1), Duration.ofSeconds(1));
        boolean twcc = transportCc.equals("on");
        Map<String, Integer> pubExt = twcc
                ? Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.ABS_SEND_TIME, 2,
                        HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 3)
                : Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.ABS_SEND_TIME, 2);
        Map<String, Integer> subExt = twcc
                ? Map.of(HeaderExtensionPolicy.MID, 1, HeaderExtensionPolicy.ABS_SEND_TIME, 4,
                        HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 3)
                : Map.of(HeaderExtensionPolicy.MID, 1, HeaderExtensionPolicy.ABS_SEND_TIME, 4);
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
            sub.update(List.of(new SubscribedTrack("0", MediaKind.VIDEO, 100 + s, 96, 90000, subExt, true, 1, "1",
                    true, true)), false);
            sub.onConnected();
        }
        if (twcc) {
            // One-byte extension block: abs-send-time (id 2, 3 bytes), transport-wide number (id 3, 2 bytes).
            template = new byte[12 + 12 + 1100];
            RtpPacket.writeFixedHeader(template, 0, false, 96, 0, 0, PUBLISHER_SSRC);
            template[0] |= 0x10;
            byte[] block = {(byte) 0xBE, (byte) 0xDE, 0, 2, 0x22, 1, 2, 3, 0x31, 0, 0, 0};
            System.arraycopy(block, 0, template, 12, block.length);
        } else {
            template = new byte[12 + 1100];
            RtpPacket.writeFixedHeader(template, 0, false, 96, 0, 0, PUBLISHER_SSRC);
        }
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
        if (template.length > 12 + 1100) {
            buf[21] = (byte) (seq >> 8);
            buf[22] = (byte) seq;
        }
        clock += 1_000_000;
        publisher.onRtp(buf, 0, template.length);
        return sink;
    }
}
