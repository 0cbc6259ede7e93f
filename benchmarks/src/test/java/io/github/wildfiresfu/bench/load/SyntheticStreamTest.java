package io.github.wildfiresfu.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's packets, read back with sfu-core's RTP parser: header fields, the mid header
 * extension, VP8 frame boundaries and key-frame flags, and the pacing arithmetic.
 */
class SyntheticStreamTest {

    private final byte[] buf = new byte[1600];
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void videoPacketsFormFramesWithKeyFramesOnScheduleAndOnRequest() {
        // 90 packets/s at 30 fps: 3 packets per frame; a key frame every 2 frames.
        SyntheticStream s = new SyntheticStream(MediaKind.VIDEO, "1", 0x1234_5678L, 90, 1000, 30, 2, 42);
        List<int[]> frames = new ArrayList<>();
        long firstTs = -1;
        int previousSeq = -1;
        for (int i = 0; i < 12; i++) {
            int len = s.writeNext(buf, 0);
            assertThat(rtp.wrap(buf, 0, len)).isNull();
            assertThat(rtp.payloadType()).isEqualTo(SyntheticStream.VP8_PT);
            assertThat(rtp.ssrc()).isEqualTo(0x1234_5678L);
            assertThat(rtp.payloadLength()).isEqualTo(1000);
            assertThat(rtp.findExtension(SyntheticStream.MID_EXTENSION_ID)).isPositive();
            assertThat(buf[rtp.findExtension(SyntheticStream.MID_EXTENSION_ID)]).isEqualTo((byte) '1');
            if (previousSeq >= 0) {
                assertThat(rtp.sequenceNumber()).isEqualTo((previousSeq + 1) & 0xFFFF);
            }
            previousSeq = rtp.sequenceNumber();
            if (firstTs < 0) {
                firstTs = rtp.timestamp();
            }
            int p = rtp.payloadOffset();
            boolean start = (buf[p] & 0x10) != 0;
            boolean key = start && (buf[p + 4] & 0x01) == 0;
            frames.add(new int[] {start ? 1 : 0, rtp.marker() ? 1 : 0, key ? 1 : 0,
                (int) ((rtp.timestamp() - firstTs) & 0xFFFF_FFFFL)});
        }
        for (int i = 0; i < 12; i++) {
            assertThat(frames.get(i)[0]).as("start bit of packet " + i).isEqualTo(i % 3 == 0 ? 1 : 0);
            assertThat(frames.get(i)[1]).as("marker of packet " + i).isEqualTo(i % 3 == 2 ? 1 : 0);
            assertThat(frames.get(i)[3]).as("timestamp of packet " + i).isEqualTo(i / 3 * 3000);
        }
        assertThat(frames.stream().filter(f -> f[2] == 1).count()).isEqualTo(2); // Frames 0 and 2.
        assertThat(frames.get(0)[2]).isEqualTo(1);
        assertThat(frames.get(6)[2]).isEqualTo(1);
    }

    @Test
    void aKeyframeRequestMakesTheNextFrameAKeyFrame() {
        // No scheduled key frames; 2 packets per frame.
        SyntheticStream s = new SyntheticStream(MediaKind.VIDEO, "1", 7, 60, 500, 30, 0, 3);
        assertThat(isKeyFrameStart(s.writeNext(buf, 0))).isFalse();
        s.requestKeyframe();
        assertThat(isKeyFrameStart(s.writeNext(buf, 0))).as("middle of a frame: no VP8 header here").isFalse();
        assertThat(isKeyFrameStart(s.writeNext(buf, 0))).isTrue();
        assertThat(isKeyFrameStart(s.writeNext(buf, 0))).isFalse();
        assertThat(isKeyFrameStart(s.writeNext(buf, 0))).as("one key frame per request").isFalse();
        assertThat(s.keyframes()).isEqualTo(1);
    }

    private boolean isKeyFrameStart(int len) {
        rtp.wrap(buf, 0, len);
        int p = rtp.payloadOffset();
        // RFC 7741: S bit in the descriptor; P bit 0 in the payload header; RFC 6386 start code.
        return (buf[p] & 0x10) != 0 && (buf[p + 4] & 0x01) == 0 && (buf[p + 7] & 0xFF) == 0x9D
                && buf[p + 8] == 0x01 && buf[p + 9] == 0x2A;
    }

    @Test
    void audioHasNoMarkerAndTwentyMillisecondsPerPacket() {
        SyntheticStream s = new SyntheticStream(MediaKind.AUDIO, "0", 99, 50, 120, 0, 0, 1);
        int len = s.writeNext(buf, 0);
        rtp.wrap(buf, 0, len);
        long ts = rtp.timestamp();
        assertThat(rtp.marker()).isFalse();
        assertThat(rtp.payloadType()).isEqualTo(SyntheticStream.OPUS_PT);
        assertThat(rtp.payloadLength()).isEqualTo(120);
        rtp.wrap(buf, 0, s.writeNext(buf, 0));
        assertThat(rtp.timestamp() - ts).isEqualTo(960);
    }

    @Test
    void pacingSendsAtTheRateAndSkipsAheadAfterAStall() {
        SyntheticStream s = new SyntheticStream(MediaKind.AUDIO, "0", 99, 50, 120, 0, 0, 1);
        s.start(0);
        assertThat(s.due(0)).isEqualTo(1);
        s.writeNext(buf, 0);
        assertThat(s.due(19_999_999L)).isZero();
        assertThat(s.due(20_000_000L)).isEqualTo(1);
        s.writeNext(buf, 0);
        // A 10 s stall: 500 packets late, but at most 4 go out at once; the schedule moves on.
        assertThat(s.due(10_020_000_000L)).isEqualTo(4);
        assertThat(s.slips()).isEqualTo(1);
    }

    @Test
    void rejectsShapesThatCannotBeWritten() {
        assertThatThrownBy(() -> new SyntheticStream(MediaKind.VIDEO, "1", 1, 0, 1000, 30, 0, 1))
                .hasMessageContaining("packets per second");
        assertThatThrownBy(() -> new SyntheticStream(MediaKind.VIDEO, "1", 1, 100, 10, 30, 0, 1))
                .hasMessageContaining("payload");
        assertThatThrownBy(() -> new SyntheticStream(MediaKind.AUDIO, "long", 1, 50, 100, 0, 0, 1))
                .hasMessageContaining("mid");
    }
}
