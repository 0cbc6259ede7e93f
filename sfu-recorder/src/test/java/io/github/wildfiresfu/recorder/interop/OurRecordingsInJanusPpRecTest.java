package io.github.wildfiresfu.recorder.interop;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffmpegDecodeErrors;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobe;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobeDuration;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.wildfiresfu.recorder.MjrRecorder;
import io.github.wildfiresfu.recorder.RecordingHandle;
import io.github.wildfiresfu.recorder.RecordingListener;
import io.github.wildfiresfu.recorder.RecordingResult;
import io.github.wildfiresfu.recorder.StreamInfo;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.post.ConversionReport;
import io.github.wildfiresfu.recorder.post.PostProcessor;
import io.github.wildfiresfu.recorder.post.ProgressListener;
import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop oracle (a) of issue #4: MJR files written by OUR recorder tap are read by Debian's
 * {@code janus-pp-rec} (Janus 1.1.2) with {@code --header}/{@code --parse} and converted by it, and the
 * results checked with {@code ffprobe}; our own post-processor converts the same files and must agree.
 *
 * <p>Real media comes from FFmpeg: 2 s of a 440 Hz tone as Opus, a test pattern as VP8 and as H.264,
 * sent as RTP over loopback in real time ({@code -re}) to sockets this test reads, and handed to the tap
 * like the media engine would. The VP8 stream is disturbed on the way (some packets swapped, some
 * duplicated) to show both post-processors put it back in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class OurRecordingsInJanusPpRecTest {

    private static final double SECONDS = 2.0;

    @TempDir
    static Path dir;

    private Path audio;
    private Path vp8;
    private Path h264;
    private long vp8Offered;

    @BeforeAll
    void recordRealMediaThroughOurTap() throws Exception {
        executable("janus-pp-rec");
        executable("ffprobe");
        Path ffmpeg = executable("ffmpeg");
        try (DatagramChannel a = open(); DatagramChannel v = open(); DatagramChannel h = open();
             MjrRecorder recorder = MjrRecorder.start(RecordingListener.NONE)) {
            RecordingHandle ha = recorder.open(StreamInfo.builder("1234|5678", "alice", MjrMediaType.AUDIO, 0, "opus", dir)
                    .tmpExt("tmp").build());
            RecordingHandle hv = recorder.open(StreamInfo.builder("1234|5678", "alice", MjrMediaType.VIDEO, 1, "vp8", dir)
                    .tmpExt("tmp").extmaps(Map.of(13, "urn:3gpp:video-orientation")).build());
            RecordingHandle hh = recorder.open(StreamInfo.builder("1234|5678", "bob", MjrMediaType.VIDEO, 1, "h264", dir)
                    .fmtp("profile-level-id=42e01f;packetization-mode=1").tmpExt("tmp").build());
            Process p = new ProcessBuilder(ffmpeg.toString(), "-v", "error", "-re",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + SECONDS,
                    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15:duration=" + SECONDS,
                    "-map", "0:a", "-c:a", "libopus", "-b:a", "32k", "-payload_type", "111", "-f", "rtp", url(a),
                    "-map", "1:v", "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k", "-g", "30",
                    "-payload_type", "96", "-f", "rtp", url(v),
                    "-map", "1:v", "-c:v", "libx264", "-profile:v", "baseline", "-tune", "zerolatency",
                    "-pix_fmt", "yuv420p", "-g", "30", "-payload_type", "102", "-f", "rtp", url(h))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
            ByteBuffer buf = ByteBuffer.allocate(2048);
            List<byte[]> held = new ArrayList<>();
            int vp8Count = 0;
            long quietSince = System.nanoTime();
            while (p.isAlive() || System.nanoTime() - quietSince < 300_000_000L) {
                boolean got = false;
                for (DatagramChannel ch : List.of(a, v, h)) {
                    buf.clear();
                    if (ch.receive(buf) == null) {
                        continue;
                    }
                    got = true;
                    buf.flip();
                    byte[] pkt = new byte[buf.remaining()];
                    buf.get(pkt);
                    long now = System.nanoTime() / 1000;
                    if (ch == a) {
                        ha.offer(pkt, 0, pkt.length, now);
                    } else if (ch == h) {
                        hh.offer(pkt, 0, pkt.length, now);
                    } else {
                        // Disturb VP8: hold every 7th packet back behind the next one; send every 11th twice.
                        vp8Count++;
                        if (vp8Count % 7 == 0) {
                            held.add(pkt);
                            continue;
                        }
                        hv.offer(pkt, 0, pkt.length, now);
                        vp8Offered++;
                        if (vp8Count % 11 == 0) {
                            hv.offer(pkt, 0, pkt.length, now);
                        }
                        for (byte[] late : held) {
                            hv.offer(late, 0, late.length, now);
                            vp8Offered++;
                        }
                        held.clear();
                    }
                }
                if (got) {
                    quietSince = System.nanoTime();
                } else {
                    Thread.sleep(1);
                }
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("ffmpeg.log"))).isZero();
            audio = close(ha);
            vp8 = close(hv);
            h264 = close(hh);
        }
    }

    private static DatagramChannel open() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        ch.configureBlocking(false);
        return ch;
    }

    private static String url(DatagramChannel ch) throws IOException {
        return "rtp://127.0.0.1:" + ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    private static Path close(RecordingHandle h) throws Exception {
        RecordingResult r = h.close().get(10, TimeUnit.SECONDS);
        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(r.stats().written()).isGreaterThan(20);
        return r.path();
    }

    private static String ppRec(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(executable("janus-pp-rec").toString(), "-o"));
        cmd.addAll(List.of(args));
        Result r = run(60, cmd);
        assertThat(r.status()).as("janus-pp-rec " + String.join(" ", args) + "\n" + r.stdout() + r.stderr()).isZero();
        return r.stdout() + r.stderr();
    }

    private static long counted(String ppRecOutput) {
        Matcher m = Pattern.compile("Counted (\\d+) frame packets").matcher(ppRecOutput);
        assertThat(m.find()).as(ppRecOutput).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void janusPpRecReadsOurHeaders() throws Exception {
        assertThat(audio.getFileName().toString()).matches("videoroom-1234\\|5678-user-alice-\\d{16}-audio-0\\.mjr");
        assertThat(ppRec("--header", audio.toString())).contains("This is an audio recording").contains("Codec:   opus");
        assertThat(ppRec("--header", vp8.toString())).contains("This is a video recording").contains("Codec:   vp8")
                .contains("Video orientation extension ID: 13");
        assertThat(ppRec("--header", h264.toString())).contains("Codec:   h264")
                .contains("fmtp: profile-level-id=42e01f;packetization-mode=1");
        assertThat(ppRec("--json", audio.toString())).contains("\"t\":\"a\"").contains("\"c\":\"opus\"");
    }

    @Test
    void janusPpRecOrdersOurPacketsAsWeDo() throws Exception {
        String parsed = ppRec("--parse", vp8.toString());
        assertThat(parsed).contains("Skipping duplicate packet");
        try (var rec = io.github.wildfiresfu.recorder.post.Recording.open(vp8, ProgressListener.NONE)) {
            assertThat(counted(parsed)).isEqualTo(rec.ordered().stats().kept());
            assertThat(rec.ordered().stats().kept()).isEqualTo(vp8Offered);
            assertThat(rec.ordered().stats().duplicates()).isPositive();
            assertThat(rec.ordered().stats().reordered()).isPositive();
            assertThat(rec.ordered().stats().lost()).isZero();
        }
        try (var rec = io.github.wildfiresfu.recorder.post.Recording.open(audio, ProgressListener.NONE)) {
            assertThat(counted(ppRec("--parse", audio.toString()))).isEqualTo(rec.ordered().stats().kept());
        }
    }

    @Test
    void janusPpRecConvertsOurFilesAndFfprobeAcceptsThem() throws Exception {
        Path opus = dir.resolve("janus-audio.opus");
        Path webm = dir.resolve("janus-video.webm");
        Path mp4 = dir.resolve("janus-h264.mp4");
        ppRec(audio.toString(), opus.toString());
        ppRec(vp8.toString(), webm.toString());
        ppRec(h264.toString(), mp4.toString());
        assertThat(ffprobe(opus)).contains("codec_name=opus");
        assertThat(ffprobe(webm)).contains("codec_name=vp8").contains("width=320").contains("height=240");
        assertThat(ffprobe(mp4)).contains("codec_name=h264").contains("width=320").contains("height=240");
        assertThat(ffprobeDuration(opus)).isCloseTo(SECONDS, within(0.15));
        assertThat(ffprobeDuration(webm)).isCloseTo(SECONDS, within(0.15));
        assertThat(ffprobeDuration(mp4)).isCloseTo(SECONDS, within(0.15));
    }

    @Test
    void ourPostProcessorConvertsTheSameFilesAndFfprobeAgrees() throws Exception {
        Path opus = dir.resolve("ours-audio.opus");
        Path webm = dir.resolve("ours-video.webm");
        Path mp4 = dir.resolve("ours-h264.mp4");
        ConversionReport ra = PostProcessor.convert(audio, opus, ProgressListener.NONE);
        ConversionReport rv = PostProcessor.convert(vp8, webm, ProgressListener.NONE);
        ConversionReport rh = PostProcessor.convert(h264, mp4, ProgressListener.NONE);
        assertThat(rv.width()).isEqualTo(320);
        assertThat(rh.height()).isEqualTo(240);
        assertThat(ffprobe(opus)).contains("codec_name=opus").contains("format_name=ogg");
        assertThat(ffprobe(webm)).contains("codec_name=vp8").contains("width=320").contains("format_name=matroska,webm");
        assertThat(ffprobe(mp4)).contains("codec_name=h264").contains("width=320").contains("format_name=mov,mp4");
        assertThat(ffprobeDuration(opus)).isCloseTo(SECONDS, within(0.15));
        assertThat(ffprobeDuration(webm)).isCloseTo(SECONDS, within(0.15));
        assertThat(ffprobeDuration(mp4)).isCloseTo(SECONDS, within(0.15));
        for (Path f : List.of(opus, webm, mp4)) {
            assertThat(ffmpegDecodeErrors(f)).as(f.toString()).isEmpty();
        }
        Path audioWebm = dir.resolve("ours-audio.webm");
        PostProcessor.convert(audio, audioWebm, ProgressListener.NONE);
        assertThat(ffprobe(audioWebm)).contains("codec_name=opus").contains("format_name=matroska,webm");
        assertThat(ffprobeDuration(audioWebm)).isCloseTo(SECONDS, within(0.15));
        Path merged = dir.resolve("ours-merged.webm");
        PostProcessor.merge(audio, vp8, merged, ProgressListener.NONE);
        assertThat(ffprobe(merged)).contains("codec_name=vp8").contains("codec_name=opus");
        assertThat(ffprobeDuration(merged)).isCloseTo(SECONDS, within(0.15));
    }
}
