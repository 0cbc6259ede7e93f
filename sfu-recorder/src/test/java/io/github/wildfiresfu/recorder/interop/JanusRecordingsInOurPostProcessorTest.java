package io.github.wildfiresfu.recorder.interop;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffmpegDecodeErrors;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobe;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobeDuration;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.repoRoot;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.require;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.wildfiresfu.recorder.mjr.MjrFormat;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.post.ConversionReport;
import io.github.wildfiresfu.recorder.post.PostProcessor;
import io.github.wildfiresfu.recorder.post.ProgressListener;
import io.github.wildfiresfu.recorder.post.Recording;
import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop oracle (b) of issue #4: recordings MADE BY Debian's Janus 1.1.2 are read by our
 * post-processor and our outputs checked with {@code ffprobe} and against what {@code janus-pp-rec}
 * makes of the same files.
 *
 * <p>The recordings are produced once per class by {@code interop/recorder/janus-record.sh}: Janus
 * runs in a private network namespace, a headless Chromium publishes its fake camera and microphone
 * into two VideoRooms with {@code record:true} (one VP8, one H.264) for 3 s. About 10 s; needs root
 * (for {@code unshare -n}), Janus, Chromium and {@code interop/node_modules}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class JanusRecordingsInOurPostProcessorTest {

    @TempDir
    static Path dir;

    private Path vp8Audio;
    private Path vp8Video;
    private Path h264Video;

    @BeforeAll
    void letJanusRecord() throws Exception {
        for (String tool : List.of("janus", "janus-pp-rec", "ffprobe", "ffmpeg", "chromium", "node", "unshare", "ip")) {
            executable(tool);
        }
        require("0".equals(run(5, "id", "-u").stdout().trim()), "root (unshare -n for Janus's network namespace)");
        Path interop = repoRoot().resolve("interop");
        require(Files.isDirectory(interop.resolve("node_modules/playwright-core")),
                "interop/node_modules (run: bash .ci/install-deps.sh)");
        Path recordings = dir.resolve("janus");
        Result r = run(75, interop.resolve("recorder/janus-record.sh").toString(), recordings.toString(), "3",
                "vp8,h264");
        assertThat(r.status()).as(r.stdout() + r.stderr()).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(recordings)) {
            files = s.filter(p -> p.toString().endsWith(".mjr")).sorted().toList();
        }
        vp8Audio = find(files, "-vp8-user-alice-", "-audio-0.mjr");
        vp8Video = find(files, "-vp8-user-alice-", "-video-1.mjr");
        h264Video = find(files, "-h264-user-alice-", "-video-1.mjr");
    }

    private static Path find(List<Path> files, String part, String suffix) {
        return files.stream().filter(p -> p.getFileName().toString().contains(part)
                && p.getFileName().toString().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("Janus made no *" + part + "*" + suffix + " in " + files));
    }

    private static String ppRec(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(executable("janus-pp-rec").toString(), "-o"));
        cmd.addAll(List.of(args));
        Result r = run(60, cmd);
        assertThat(r.status()).as("janus-pp-rec " + String.join(" ", args) + "\n" + r.stdout() + r.stderr()).isZero();
        return r.stdout() + r.stderr();
    }

    private static long counted(String out) {
        Matcher m = Pattern.compile("Counted (\\d+) frame packets").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void readsJanusHeadersAndOrdersJanusPacketsAsJanusPpRecDoes() throws Exception {
        for (Path f : List.of(vp8Audio, vp8Video, h264Video)) {
            try (MjrReader r = MjrReader.open(f, MjrReader.Mode.STRICT)) {
                assertThat(r.format()).isEqualTo(MjrFormat.MJR00002);
                String header = ppRec("--header", f.toString());
                assertThat(header).contains("Codec:   " + r.header().codec())
                        .contains("Created: " + r.header().createdMicros())
                        .contains("Written: " + r.header().firstWriteMicros());
            }
            try (Recording rec = Recording.open(f, ProgressListener.NONE)) {
                assertThat(rec.problem()).isNull();
                assertThat(rec.ordered().stats().kept()).as(f.toString()).isEqualTo(counted(ppRec("--parse", f.toString())));
            }
        }
    }

    @Test
    void convertsJanusOpusLikeJanusPpRec() throws Exception {
        Path ours = dir.resolve("ours.opus");
        Path theirs = dir.resolve("theirs.opus");
        ConversionReport report = PostProcessor.convert(vp8Audio, ours, ProgressListener.NONE);
        ppRec(vp8Audio.toString(), theirs.toString());
        assertThat(ffprobe(ours)).contains("codec_name=opus").contains("format_name=ogg");
        assertThat(ffprobeDuration(ours)).isCloseTo(ffprobeDuration(theirs), within(0.1));
        assertThat(report.durationSeconds()).isCloseTo(ffprobeDuration(ours), within(0.05));
        assertThat(ffmpegDecodeErrors(ours)).isEmpty();
    }

    @Test
    void convertsJanusVp8LikeJanusPpRec() throws Exception {
        Path ours = dir.resolve("ours.webm");
        Path theirs = dir.resolve("theirs.webm");
        ConversionReport report = PostProcessor.convert(vp8Video, ours, ProgressListener.NONE);
        ppRec(vp8Video.toString(), theirs.toString());
        String probe = ffprobe(theirs);
        String width = probe.lines().filter(l -> l.startsWith("width=")).findFirst().orElseThrow();
        String height = probe.lines().filter(l -> l.startsWith("height=")).findFirst().orElseThrow();
        assertThat(ffprobe(ours)).contains("codec_name=vp8").contains(width).contains(height)
                .contains("format_name=matroska,webm");
        assertThat(width).isEqualTo("width=" + report.width());
        assertThat(ffprobeDuration(ours)).isCloseTo(ffprobeDuration(theirs), within(0.1));
        assertThat(ffmpegDecodeErrors(ours)).isEmpty();
    }

    @Test
    void convertsJanusH264LikeJanusPpRec() throws Exception {
        Path ours = dir.resolve("ours.mp4");
        Path theirs = dir.resolve("theirs.mp4");
        ConversionReport report = PostProcessor.convert(h264Video, ours, ProgressListener.NONE);
        ppRec(h264Video.toString(), theirs.toString());
        assertThat(ffprobe(ours)).contains("codec_name=h264").contains("width=" + report.width())
                .contains("format_name=mov,mp4");
        assertThat(ffprobe(theirs)).contains("width=" + report.width()).contains("height=" + report.height());
        // Janus's last frame has no duration; ours lasts as long as the one before it.
        assertThat(ffprobeDuration(ours)).isCloseTo(ffprobeDuration(theirs), within(0.1));
        assertThat(ffmpegDecodeErrors(ours)).isEmpty();
    }

    @Test
    void mergesJanusAudioAndVideoIntoOneWebm() throws Exception {
        Path merged = dir.resolve("merged.webm");
        ConversionReport r = PostProcessor.merge(vp8Audio, vp8Video, merged, ProgressListener.NONE);
        String probe = ffprobe(merged);
        assertThat(probe).contains("codec_name=vp8").contains("codec_name=opus");
        assertThat(r.codecs()).isEqualTo("opus+vp8");
        assertThat(ffprobeDuration(merged)).isGreaterThan(2.5);
        assertThat(ffmpegDecodeErrors(merged)).isEmpty();
    }
}
