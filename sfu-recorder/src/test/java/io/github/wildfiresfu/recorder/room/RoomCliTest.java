package io.github.wildfiresfu.recorder.room;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobe;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobeDuration;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.post.PostProcessorCli;
import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import io.github.wildfiresfu.recorder.testing.Frames;
import io.github.wildfiresfu.recorder.testing.RealMedia;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code room} on a synthetic meeting written with our {@code MjrWriter} from real FFmpeg-encoded
 * Opus and VP8, so the composite can be decoded and looked at:
 * <pre>
 *  time (s)   0    1    2    3    3.5   4    5
 *  alice      [audio 440 Hz, video-1 big, video-2 small ]
 *  bob             [audio 660 Hz, video-1]
 *  carol                          [audio: loud 0.5 s, then silent; RFC 6464 levels]
 * </pre>
 * plus a recording of another room and one published with a {@code filename}, which must be left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RoomCliTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final String ROOM = "u1|4711";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private Path recordings;

    @BeforeAll
    void recordAMeeting() throws Exception {
        executable("ffmpeg");
        executable("ffprobe");
        recordings = Files.createDirectories(dir.resolve("rec"));
        RealMedia.Stream video = RealMedia.vp8Pattern(4);
        RealMedia.Stream tone440 = RealMedia.opusTone(440, 4);
        RealMedia.Stream tone660 = RealMedia.opusTone(660, 2);
        RealMedia.Stream tone880 = RealMedia.opusTone(880, 1.5);
        write("alice", MjrMediaType.AUDIO, 0, "opus", tone440, 0, null);
        write("alice", MjrMediaType.VIDEO, 1, "vp8", video, 0, null);
        write("alice", MjrMediaType.VIDEO, 2, "vp8", video, 0, null);
        write("bob", MjrMediaType.AUDIO, 0, "opus", tone660, 1_000_000, null);
        write("bob", MjrMediaType.VIDEO, 1, "vp8", video.first(2), 1_000_000, null);
        // carol's packets carry the audio level (id 3), loud (-10 dBov) for 0.5 s, then silence (127).
        long[] n = {0};
        write("carol", MjrMediaType.AUDIO, 0, "opus", tone880, 3_500_000, p -> withLevel(p, 3, n[0]++ < 25 ? 10 : 127));
        // Not this meeting: another room, and a publisher's "filename".
        RealMedia.write(recordings, "videoroom-u1|47110-user-dave-" + T0 + "-audio-0",
                header(MjrMediaType.AUDIO, "opus", null, T0), tone660, T0, null);
        RealMedia.write(recordings, "pubtest-audio-0", header(MjrMediaType.AUDIO, "opus", null, T0), tone660, T0, null);
    }

    private void write(String user, MjrMediaType kind, int mindex, String codec, RealMedia.Stream s, long offset,
                       java.util.function.UnaryOperator<byte[]> rewrite) throws Exception {
        long created = T0 + offset - 80_000;
        Map<Integer, String> x = rewrite == null ? null : Map.of(3, AudioLevels.AUDIO_LEVEL_URI);
        RealMedia.write(recordings, "videoroom-" + ROOM + "-user-" + user + "-" + created + "-" + kind.word() + "-" + mindex,
                header(kind, codec, x, created), s, T0 + offset, rewrite);
    }

    private static MjrHeader header(MjrMediaType kind, String codec, Map<Integer, String> x, long created) {
        return MjrHeader.forWriting(kind, codec, null, null, x, created, 0, 0, false);
    }

    /** The packet with a one-byte header extension holding the audio level (RFC 6464) as element {@code id}. */
    private static byte[] withLevel(byte[] p, int id, int level) {
        int header = 12 + 4 * (p[0] & 0x0F);
        ByteBuffer b = ByteBuffer.allocate(p.length + 8);
        b.put((byte) (p[0] | 0x10)).put(p, 1, header - 1);
        b.putShort((short) 0xBEDE).putShort((short) 1).put((byte) (id << 4)).put((byte) level).putShort((short) 0);
        b.put(p, header, p.length - header);
        return b.array();
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(boolean terminal, Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return new PostProcessorCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, env).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rendersTheWholeMeetingOnOneTimelineWithATimeline() throws Exception {
        Path mp = dir.resolve("meeting.webm");
        Path json = dir.resolve("meeting.json");
        Path html = dir.resolve("meeting.html");

        int status = cli(true, System.getenv(), "room", "--timeline", json.toString(), "--timeline", html.toString(),
                "--size", "640x360", "--fps", "25", recordings.toString(), ROOM, mp.toString());

        assertThat(status).as(out() + err()).isZero();
        assertThat(out()).containsPattern("room u1\\|4711: 3 participant\\(s\\), 3 publish session\\(s\\), 5\\.0\\d s,"
                        + " 2 video tile\\(s\\)")
                .contains("carol: 1 session(s), spoke 0.5 s (levels: rfc6464-header-extension)");
        // The progress bar on a terminal names the steps; the notes say what was left out.
        assertThat(err()).contains("reading 1/").contains("writing 1/").contains("ffmpeg meeting.webm [").contains("100%")
                .contains("note: 1 recording set(s) in").contains("(pubtest): add those of this meeting with --named");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part") || n.startsWith(".room-parts"));
        }

        // The composite: VP8 + Opus, as long as the meeting (0 to 5 s).
        String probe = ffprobe(mp);
        assertThat(probe).contains("codec_name=vp8").contains("codec_name=opus").contains("width=640")
                .contains("height=360");
        assertThat(ffprobeDuration(mp)).isCloseTo(5.0, within(0.1));

        // Participants appear when they publish and disappear when they stop: bob's tile (slot 1, right)
        // is empty canvas before 1 s and after 3 s, alice's (slot 0) after 4 s.
        double canvas = tileLuma(mp, 0.5, 1);
        assertThat(Math.abs(tileLuma(mp, 2.0, 1) - canvas)).as("bob's tile at 2 s").isGreaterThan(15);
        assertThat(tileLuma(mp, 3.5, 1)).as("bob's tile at 3.5 s").isCloseTo(canvas, within(2.0));
        assertThat(Math.abs(tileLuma(mp, 3.5, 0) - canvas)).as("alice's tile at 3.5 s").isGreaterThan(15);
        assertThat(tileLuma(mp, 4.6, 0)).as("alice's tile at 4.6 s").isCloseTo(canvas, within(2.0));
        // Audio: bob's 660 Hz tone only while he publishes.
        assertThat(toneLevel(mp, 660, 1.5)).isGreaterThan(toneLevel(mp, 660, 0.5) + 15);
        assertThat(toneLevel(mp, 660, 3.3)).isLessThan(toneLevel(mp, 660, 1.5) - 15);

        JsonNode t = JSON.readTree(json.toFile());
        assertThat(t.get("room").asText()).isEqualTo(ROOM);
        assertThat(t.get("durationSeconds").asDouble()).isCloseTo(5.0, within(0.05));
        assertThat(t.get("participants")).extracting(p -> p.get("id").asText()).containsExactly("alice", "bob", "carol");
        JsonNode alice = t.get("participants").get(0);
        assertThat(alice.get("sessions")).hasSize(1);
        assertThat(alice.get("sessions").get(0).get("streams")).extracting(
                s -> s.get("kind").asText() + "-" + s.get("mindex").asInt() + ":" + s.get("shown").asBoolean())
                .containsExactlyInAnyOrder("audio-0:false", "video-1:true", "video-2:false");
        assertThat(alice.get("audioLevelSource").asText()).isEqualTo("decoded-energy");
        assertThat(alice.get("speakingSeconds").asDouble()).isGreaterThan(3.5);
        JsonNode bob = t.get("participants").get(1).get("sessions").get(0);
        assertThat(bob.get("start").asDouble()).isCloseTo(1.0, within(0.05));
        assertThat(bob.get("end").asDouble()).isCloseTo(3.0, within(0.1));
        JsonNode carol = t.get("participants").get(2);
        assertThat(carol.get("audioLevelSource").asText()).isEqualTo("rfc6464-header-extension");
        assertThat(carol.get("speaking")).hasSize(1);
        assertThat(carol.get("speaking").get(0).get("start").asDouble()).isCloseTo(3.5, within(0.1));
        assertThat(carol.get("speaking").get(0).get("end").asDouble()).isCloseTo(4.0, within(0.1));
        assertThat(t.get("events")).extracting(e -> e.get("participant").asText() + " " + e.get("event").asText())
                .startsWith("alice published").contains("bob published", "bob unpublished", "carol started speaking");
        assertThat(t.get("layout").get("columns").asInt()).isEqualTo(2);
        assertThat(t.get("layout").get("tiles")).extracting(x -> x.get("slot").asInt() + ":" + x.get("participant").asText())
                .containsExactly("0:alice", "1:bob");
        assertThat(t.get("notes").toString()).contains("pubtest").doesNotContain("dave");

        String page = Files.readString(html);
        assertThat(page).startsWith("<!doctype html>").contains("<svg").contains("u1|4711").contains(">carol<")
                .contains("carol speaking 0:03.5").doesNotContain("<script").doesNotContain("src=");
    }

    @Test
    void theTimelineAloneNeedsNoFfmpegAndSaysWhereLevelsCameFrom() throws Exception {
        Path json = dir.resolve("alone.json");
        Path empty = Files.createDirectories(dir.resolve("empty-path"));

        assertThat(cli(false, Map.of("PATH", empty.toString()), "room", "--timeline", json.toString(),
                recordings.toString(), ROOM)).as(err()).isZero();

        JsonNode t = JSON.readTree(json.toFile());
        assertThat(t.get("participants").get(0).get("audioLevelSource").asText()).isEqualTo("none");
        assertThat(t.get("participants").get(2).get("audioLevelSource").asText()).isEqualTo("rfc6464-header-extension");
        assertThat(t.get("participants").get(2).get("speakingSeconds").asDouble()).isCloseTo(0.5, within(0.1));
        assertThat(t.has("layout")).isFalse();
        assertThat(err()).contains("note: alice: no audio levels");
    }

    @Test
    void recordingsPublishedWithAFilenameJoinWhenNamed() throws Exception {
        Path json = dir.resolve("named.json");

        assertThat(cli(false, System.getenv(), "room", "--named", "pubtest=Pat", "--timeline", json.toString(),
                recordings.toString(), ROOM)).as(err()).isZero();

        JsonNode t = JSON.readTree(json.toFile());
        assertThat(t.get("participants")).extracting(p -> p.get("id").asText()).containsExactly("Pat", "alice", "bob", "carol");
        // Pat and alice start at the same moment: ties go by id.
        assertThat(t.get("participants").get(0).get("sessions").get(0).get("streams").get(0).get("file").asText())
                .isEqualTo("pubtest-audio-0.mjr");
        assertThat(t.get("notes").toString()).doesNotContain("--named");
    }

    @Test
    void withoutFfmpegOnThePathRenderingFailsWithOneClearLine() throws Exception {
        // A real process whose PATH has no ffmpeg, as a user would run it.
        Path empty = Files.createDirectories(dir.resolve("no-ffmpeg"));
        Path target = dir.resolve("never.webm");
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                PostProcessorCli.class.getName(), "room", recordings.toString(), ROOM, target.toString());
        pb.environment().put("PATH", empty.toString());
        Path stderr = dir.resolve("stderr.txt");
        Process p = pb.redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(1);
        String message = Files.readString(stderr);
        assertThat(message).hasLineCount(1).startsWith("error: room needs ffmpeg to render").contains("on the PATH")
                .contains("--ffmpeg").doesNotContain("Exception");
        assertThat(target).doesNotExist();

        assertThat(cli(false, System.getenv(), "room", "--ffmpeg", empty.resolve("ffmpeg").toString(),
                recordings.toString(), ROOM, target.toString())).isEqualTo(1);
        assertThat(err()).contains("is not an executable file");
    }

    @Test
    void usageErrorsAndMissingRooms() {
        assertThat(cli(false, System.getenv(), "room", recordings.toString(), ROOM)).isEqualTo(2);
        assertThat(err()).startsWith("error: room wants RECORDINGS_DIR ROOM_ID");
        assertThat(cli(false, System.getenv(), "room", "--size", "big", recordings.toString(), ROOM, "x.webm"))
                .isEqualTo(2);
        assertThat(cli(false, System.getenv(), "room", "--bogus", recordings.toString(), ROOM, "x.webm")).isEqualTo(2);
        assertThat(cli(false, System.getenv(), "room", "--fps", "0", recordings.toString(), ROOM,
                dir.resolve("x.webm").toString())).isEqualTo(2);
        assertThat(cli(false, System.getenv(), "room", "--help")).isZero();
        assertThat(out()).contains("Usage: java -jar wildfire-sfu-recorder.jar room");

        assertThat(cli(false, System.getenv(), "room", recordings.toString(), "nosuchroom", dir.resolve("x.webm").toString()))
                .isEqualTo(1);
        assertThat(err()).startsWith("error: no recordings of room nosuchroom in").hasLineCount(1);
        assertThat(cli(false, System.getenv(), "room", dir.resolve("missing").toString(), ROOM,
                dir.resolve("x.webm").toString())).isEqualTo(1);
        assertThat(err()).startsWith("error: cannot read recordings folder");
        assertThat(cli(false, System.getenv(), "room", recordings.toString(), ROOM, dir.resolve("x.avi").toString()))
                .isEqualTo(1);
        assertThat(err()).contains("not .avi");
        assertThat(dir.resolve("x.avi")).doesNotExist();
    }

    /** Mean luma of grid slot {@code slot} (2 columns on 640x360) at {@code seconds}. */
    private static double tileLuma(Path file, double seconds, int slot) throws Exception {
        return Frames.meanLuma(file, seconds, slot * 320, 0, 320, 360);
    }

    /** RMS level (dBFS) of the band around {@code hz} in the half second from {@code seconds}. */
    private static double toneLevel(Path file, int hz, double seconds) throws Exception {
        Result r = run(30, executable("ffmpeg").toString(), "-v", "info", "-hide_banner", "-ss",
                Double.toString(seconds), "-t", "0.5", "-i", file.toString(), "-map", "0:a", "-af",
                "bandpass=f=" + hz + ":width_type=q:w=30,astats=measure_perchannel=none:measure_overall=RMS_level",
                "-f", "null", "-");
        List<String> found = new ArrayList<>();
        for (String line : r.stderr().split("\n")) {
            int at = line.indexOf("RMS level dB: ");
            if (at >= 0) {
                found.add(line.substring(at + "RMS level dB: ".length()).trim());
            }
        }
        assertThat(found).as(r.stderr()).isNotEmpty();
        String v = found.get(found.size() - 1);
        return v.contains("inf") ? -200 : Double.parseDouble(v);
    }
}
