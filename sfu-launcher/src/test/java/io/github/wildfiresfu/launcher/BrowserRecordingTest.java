package io.github.wildfiresfu.launcher;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobe;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.ffprobeDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.post.ConversionReport;
import io.github.wildfiresfu.recorder.post.PostProcessor;
import io.github.wildfiresfu.recorder.post.PostProcessorCli;
import io.github.wildfiresfu.recorder.post.ProgressListener;
import io.github.wildfiresfu.recorder.testing.AvSync;
import io.github.wildfiresfu.recorder.testing.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance tests of issue #4 for live rooms: a real headless Chromium (janus.js) publishes into a room
 * created with {@code record:true} on our server, and what the server writes is checked with Debian's
 * {@code janus-pp-rec}, our post-processor and {@code ffprobe}. Both run in a {@link BrowserScenario} (our
 * server in its own JVM and Chromium in a private network namespace), with {@code recordings_tmp_ext = "tmp"},
 * driven by {@code interop/browser/run-record.mjs}.
 *
 * <ul>
 *   <li>20 s of recording, then the publisher leaves: the audio-0 (Opus) and video-1 (VP8) files appear under
 *       their Wildfire names, renamed from {@code .mjr.tmp} while the server still runs; each converts with both
 *       post-processors to a file {@code ffprobe} reads with the right codec and a duration within 5 % of
 *       20 s. The publisher is the flash-beep page ({@code interop/recorder/flash-beep.html}: a white flash and
 *       a 1 kHz beep at the same moment every 2 s), so the same recording also gives the A/V sync acceptance:
 *       our {@code merge} of its audio-0 and video-1 files, measured by {@code av-sync.mjs}
 *       ({@link AvSync}), has its beeps within {@link #SYNC_MS} of its flashes. A guest ("bob", Chromium's fake
 *       camera and microphone) publishes from 5 s to 15 s, and {@code room} renders the meeting: the composite
 *       lasts the meeting, and bob's tile shows him while he published and the empty canvas before and
 *       after.</li>
 *   <li>A recording interrupted by {@code kill -9} of the server: the {@code .mjr.tmp} files (never renamed)
 *       convert with both post-processors up to the kill: the converted duration is the time from the file's
 *       first packet to the kill, within {@link #KILL_TOLERANCE_SECONDS}.</li>
 * </ul>
 * About 50 s of browser time together, and about 15 s of post-processing (merge, analysis, a 640x360
 * composite). Needs root (for {@code unshare -n}), chromium, node with
 * {@code interop/node_modules}, {@code janus-pp-rec} and {@code ffprobe}; without them the tests fail on CI and
 * are skipped elsewhere.
 */
@Timeout(300)
class BrowserRecordingTest {

    /** Seconds of media recorded before the publisher leaves (the acceptance figure). */
    private static final int RECORD_SECONDS = 20;
    /** Seconds of media recorded before the server is killed. */
    private static final int KILL_AFTER_SECONDS = 8;
    /**
     * How far the duration of a file salvaged after {@code kill -9} may be from the time it recorded before
     * the kill: from its first packet (the header's {@code u}, the real time it was written) to the moment the
     * page killed the server (the same system clock), in seconds. What may separate them: the post-processors
     * count the last frame's own length (20 ms of Opus; one video frame, up to ~70 ms when the fake camera
     * runs at 15 fps on a loaded machine); the packets on their way and the records in the writer's buffer
     * at the kill (the writer flushes whenever its queue is empty, so a few milliseconds; a killed process
     * loses nothing it wrote to the page cache); {@code u} trails the first packet's arrival by the writer's
     * idle poll (2 ms). 0.15 s covers that with room; losing the writer's unflushed 16 KiB buffer would be
     * seconds of audio and fail it.
     */
    private static final double KILL_TOLERANCE_SECONDS = 0.15;
    /** The acceptance bound of issue #4 on the median flash-to-beep offset of {@code merge}'s output, ms. */
    private static final double SYNC_MS = 50;
    /**
     * The bound on every single flash/beep pair, ms: the acceptance bound plus one video frame at the page's
     * 30 fps. The page draws each frame from a timer; on this loaded machine a timer can fire late, so the
     * flash's first white frame is captured a frame later than scheduled, while the beep, scheduled on the
     * audio clock, is not late (the same bound as {@code JanusMeetingSyncAndRoomTest}).
     */
    private static final double PAIR_MS = SYNC_MS + 1000.0 / 30;
    /** Where a file's first packet may be after the page counted its first one sent (poll and getStats lag), ms. */
    private static final long FIRST_PACKET_MS = 100;
    private static final Pattern NAME = Pattern.compile(
            "videoroom-(.+)-user-(alice|bob)-(\\d{16})-(audio|video)-(\\d)\\.mjr(\\.tmp)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twentySecondsOfABrowserAreRecordedUnderWildfireNamesAndConvertWithBothPostProcessors() throws Exception {
        Path ppRec = ExternalTools.executable("janus-pp-rec");
        ExternalTools.executable("ffprobe");
        ExternalTools.executable("ffmpeg");
        BrowserScenario scenario = new BrowserScenario(dir.resolve("scenario"))
                .withJanusGeneral("recordings_tmp_ext = \"tmp\"");
        Path recDir = dir.resolve("recordings");
        String out = scenario.run("run-record.mjs " + BrowserScenario.serverUrl() + " " + recDir + " "
                + RECORD_SECONDS + " leave ../recorder/flash-beep.html bob");
        String context = scenario.context(out);
        JsonNode report = report(out, context);
        assertThat(report.get("ok").asBoolean()).as(context).isTrue();
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        String room = report.get("room").asText();

        // What the page saw in rec_dir after leaving, while the server was still running: closed and renamed.
        List<String> afterLeave = new ArrayList<>();
        report.get("files").forEach(f -> afterLeave.add(f.asText()));
        assertThat(afterLeave).as(context).hasSize(4).allMatch(f -> f.endsWith(".mjr"));
        assertThat(files(recDir)).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(afterLeave);
        Path audio = named(recDir, room, "alice", "audio", 0, "");
        Path video = named(recDir, room, "alice", "video", 1, "");
        named(recDir, room, "bob", "audio", 0, "");
        named(recDir, room, "bob", "video", 1, "");
        String serverLog = Files.readString(dir.resolve("scenario/server.log"));
        assertThat(serverLog.indexOf("Closed video recording " + video)).as(context).isPositive()
                .isLessThan(serverLog.indexOf("Wildfire SFU stopped"));
        assertHeader(audio, MjrMediaType.AUDIO, "opus");
        assertHeader(video, MjrMediaType.VIDEO, "vp8");

        double expected = RECORD_SECONDS;
        for (Path mjr : List.of(audio, video)) {
            String codec = mjr == audio ? "opus" : "vp8";
            String ext = mjr == audio ? "opus" : "webm";
            Path theirs = dir.resolve("janus-pp-rec-" + codec + "." + ext);
            Path ours = dir.resolve("ours-" + codec + "." + ext);
            janusPpRec(ppRec, mjr, theirs);
            ConversionReport r = PostProcessor.convert(mjr, ours, ProgressListener.NONE);
            double theirDuration = probe(theirs, codec);
            double ourDuration = probe(ours, codec);
            System.out.printf("recording %s: page sent media for %.3f s; janus-pp-rec %.3f s, ours %.3f s"
                    + " (%d packets, %d frames; %s)%n", mjr.getFileName(), report.get("recordedMs").asLong() / 1000.0,
                    theirDuration, ourDuration, r.packets(), r.frames(), timing(mjr, report));
            // The file starts with the first packet the page sent (issue #4's "late start" was the page's
            // measurement: see docs/performance.md).
            assertThat(firstPacketMillis(mjr) - report.get("mediaStartedAt").asLong()).as(mjr.getFileName().toString())
                    .isLessThan(FIRST_PACKET_MS);
            assertThat(theirDuration).as("janus-pp-rec's " + ext + " of " + mjr.getFileName())
                    .isCloseTo(expected, within(0.05 * expected));
            assertThat(ourDuration).as("our " + ext + " of " + mjr.getFileName())
                    .isCloseTo(expected, within(0.05 * expected));
        }
        assertMergeInSync(audio, video);
        assertRoomShowsTheMeeting(recDir, room, report, context);
        scenario.assertPortsAndThreadsReleased(out, context);
    }

    /** Issue #4's acceptance: {@code merge} output with its beeps within 50 ms of its flashes. */
    private void assertMergeInSync(Path audio, Path video) throws Exception {
        Path merged = dir.resolve("merged.webm");
        PostProcessor.merge(audio, video, merged, ProgressListener.NONE);
        AvSync.Report sync = AvSync.measure(merged);
        System.out.println("A/V sync, our merge of our recording: " + sync.summary());
        // A flash every 2 s from 2.5 s after the page started its signal: nine or ten in 20 s.
        assertThat(sync.offsetsMs()).as(sync.summary()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(Math.abs(sync.medianMs())).as(sync.summary()).isLessThanOrEqualTo(SYNC_MS);
        assertThat(sync.maxAbsMs()).as(sync.summary()).isLessThanOrEqualTo(PAIR_MS);
    }

    /**
     * {@code room} on the recordings folder: a composite as long as the meeting, alice and bob on the timeline
     * when their pages published, and bob's tile showing his camera only while he published.
     */
    private void assertRoomShowsTheMeeting(Path recDir, String room, JsonNode report, String context) throws Exception {
        Path meeting = dir.resolve("meeting.webm");
        Path json = dir.resolve("meeting.json");
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        int status = new PostProcessorCli(new PrintStream(cliOut, true, StandardCharsets.UTF_8),
                new PrintStream(cliOut, true, StandardCharsets.UTF_8), false)
                .run("room", "--timeline", json.toString(), "--size", "640x360", recDir.toString(), room,
                        meeting.toString());
        String said = cliOut.toString(StandardCharsets.UTF_8);
        assertThat(status).as(said).isZero();
        JsonNode t = JSON.readTree(json.toFile());
        System.out.println("room: " + said.trim().replace('\n', ' ') + "; timeline " + t.get("participants"));

        // The meeting starts with alice's first packet (her page's start of media) and ends with her leave.
        double length = t.get("durationSeconds").asDouble();
        assertThat(length).isCloseTo(RECORD_SECONDS, within(0.05 * RECORD_SECONDS));
        assertThat(ffprobe(meeting)).contains("codec_name=vp8").contains("codec_name=opus");
        assertThat(ffprobeDuration(meeting)).isCloseTo(length, within(0.1));

        assertThat(t.get("participants")).extracting(p -> p.get("id").asText()).containsExactly("alice", "bob");
        JsonNode bob = t.get("participants").get(1).get("sessions");
        assertThat(bob).as(context).hasSize(1);
        double meetingStart = t.get("startMicros").asLong() / 1e6;
        double joined = report.get("guest").get("mediaStartedAt").asLong() / 1000.0 - meetingStart;
        double left = report.get("guest").get("leftAt").asLong() / 1000.0 - meetingStart;
        // The page counts him publishing once both kinds were sent; his session starts with the first packet
        // of either, and his camera's first frame can come 0.1-0.2 s after his microphone's. His files close
        // when the leave is handled, a round trip after the page sent it.
        assertThat(bob.get(0).get("start").asDouble()).isCloseTo(joined, within(0.25));
        assertThat(bob.get(0).get("end").asDouble()).isCloseTo(left, within(0.3));

        // Bob's tile: canvas before he published and after he left, his camera in between.
        int columns = t.get("layout").get("columns").asInt();
        int tileWidth = 640 / columns;
        int slot = -1;
        for (JsonNode tile : t.get("layout").get("tiles")) {
            if (tile.get("participant").asText().equals("bob")) {
                slot = tile.get("slot").asInt();
            }
        }
        assertThat(slot).as(t.get("layout").toString()).isGreaterThanOrEqualTo(0);
        // The brightest luma, not the mean: Chromium's fake camera fades between dark and about the canvas's
        // grey every 3 s (frame means 10 to 39), but always has white detail (its counter and the pacman).
        double before = Frames.maxLuma(meeting, joined - 1.5, slot * tileWidth, 0, tileWidth, 360);
        double during = Frames.maxLuma(meeting, (joined + left) / 2, slot * tileWidth, 0, tileWidth, 360);
        double after = Frames.maxLuma(meeting, left + 1.5, slot * tileWidth, 0, tileWidth, 360);
        System.out.printf("room: bob's tile, brightest luma %.1f before he published, %.1f while, %.1f after%n",
                before, during, after);
        assertThat(during).as("bob's camera in his tile").isGreaterThan(before + 100);
        assertThat(after).as("bob's tile after he left").isCloseTo(before, within(2.0));
    }

    @Test
    void aRecordingCutByKillMinusNineConvertsUpToTheKillWithBothPostProcessors() throws Exception {
        Path ppRec = ExternalTools.executable("janus-pp-rec");
        ExternalTools.executable("ffprobe");
        BrowserScenario scenario = new BrowserScenario(dir.resolve("scenario"))
                .withJanusGeneral("recordings_tmp_ext = \"tmp\"");
        Path recDir = dir.resolve("recordings");
        String out = scenario.run("run-record.mjs " + BrowserScenario.serverUrl() + " " + recDir + " "
                + KILL_AFTER_SECONDS + " kill");
        String context = scenario.context(out);
        JsonNode report = report(out, context);
        assertThat(report.get("ok").asBoolean()).as(context).isTrue();
        String room = report.get("room").asText();
        double pageSent = report.get("recordedMs").asLong() / 1000.0;
        assertThat(Files.readString(dir.resolve("scenario/server.log"))).as("the server died without shutting down")
                .doesNotContain("Wildfire SFU stopped");
        // Never closed, never renamed.
        assertThat(files(recDir)).as(context).hasSize(2)
                .allMatch(p -> p.getFileName().toString().endsWith(".mjr.tmp"));
        Path audio = named(recDir, room, "alice", "audio", 0, ".tmp");
        Path video = named(recDir, room, "alice", "video", 1, ".tmp");
        assertHeader(audio, MjrMediaType.AUDIO, "opus");
        assertHeader(video, MjrMediaType.VIDEO, "vp8");

        for (Path tmp : List.of(audio, video)) {
            String codec = tmp == audio ? "opus" : "vp8";
            String ext = tmp == audio ? "opus" : "webm";
            Path theirs = dir.resolve("killed-janus-pp-rec-" + codec + "." + ext);
            Path ours = dir.resolve("killed-ours-" + codec + "." + ext);
            janusPpRec(ppRec, tmp, theirs);
            ConversionReport r = PostProcessor.convert(tmp, ours, ProgressListener.NONE);
            double theirDuration = probe(theirs, codec);
            double ourDuration = probe(ours, codec);
            double recorded = recordedBeforeKill(tmp, report);
            System.out.printf("killed recording %s: recorded %.3f s before the kill (the page sent media for %.3f s);"
                    + " janus-pp-rec %.3f s, ours %.3f s (%d packets; %s; notes %s)%n", tmp.getFileName(), recorded,
                    pageSent, theirDuration, ourDuration, r.packets(), timing(tmp, report), r.notes());
            // The file starts when the server gets the first packet, a few ms after the page counts it sent;
            // what the page sent before the kill is in it.
            assertThat(recorded).as(tmp.getFileName().toString()).isGreaterThan(pageSent - 1.0);
            assertThat(theirDuration).as("janus-pp-rec's " + ext + " of " + tmp.getFileName())
                    .isCloseTo(recorded, within(KILL_TOLERANCE_SECONDS));
            assertThat(ourDuration).as("our " + ext + " of " + tmp.getFileName())
                    .isCloseTo(recorded, within(KILL_TOLERANCE_SECONDS));
        }
    }

    /** Seconds from the file's first packet (its header's {@code u}) to the kill (the report's {@code endedAt}). */
    private static double recordedBeforeKill(Path mjr, JsonNode report) throws IOException {
        try (MjrReader r = MjrReader.open(mjr, MjrReader.Mode.SALVAGE)) {
            return (report.get("endedAt").asLong() - r.header().firstWriteMicros() / 1000) / 1000.0;
        }
    }

    /** The real time of the file's first packet (its header's {@code u}), epoch ms. */
    private static long firstPacketMillis(Path mjr) throws IOException {
        try (MjrReader r = MjrReader.open(mjr, MjrReader.Mode.SALVAGE)) {
            return r.header().firstWriteMicros() / 1000;
        }
    }

    /**
     * When the file's first and last packets arrived, relative to the page's start of media and to the leave
     * or kill (ms; the header's {@code u} is the real time of the first packet, records carry ms since it).
     */
    private static String timing(Path mjr, JsonNode report) throws IOException {
        try (MjrReader r = MjrReader.open(mjr, MjrReader.Mode.SALVAGE)) {
            long first = r.header().firstWriteMicros() / 1000;
            long last = first;
            for (var rec = r.next(); rec != null; rec = r.next()) {
                last = first + rec.arrivalMillis();
            }
            return "first packet " + (first - report.get("mediaStartedAt").asLong()) + " ms after the page's start, last "
                    + (last - report.get("endedAt").asLong()) + " ms after the end";
        }
    }

    private static JsonNode report(String out, String context) throws IOException {
        List<String> reports = BrowserScenario.reports(out);
        assertThat(reports).as(context).hasSize(1);
        return JSON.readTree(reports.get(0));
    }

    private static List<Path> files(Path recDir) throws IOException {
        try (Stream<Path> s = Files.list(recDir)) {
            return s.sorted().toList();
        }
    }

    /** The one file of {@code user}, {@code kind} and {@code mindex} in {@code recDir}, checked against the Wildfire name. */
    private static Path named(Path recDir, String room, String user, String kind, int mindex, String tmpSuffix)
            throws IOException {
        for (Path p : files(recDir)) {
            Matcher m = NAME.matcher(p.getFileName().toString());
            if (m.matches() && m.group(2).equals(user) && m.group(4).equals(kind)) {
                assertThat(m.group(1)).isEqualTo(room);
                assertThat(m.group(5)).isEqualTo(Integer.toString(mindex));
                assertThat(m.group(6) == null ? "" : m.group(6)).isEqualTo(tmpSuffix);
                // The name's time is the real time the recording started, in µs (Janus: janus_get_real_time()).
                long micros = Long.parseLong(m.group(3));
                assertThat(Math.abs(System.currentTimeMillis() - micros / 1000)).isLessThan(TimeUnit.MINUTES.toMillis(5));
                return p;
            }
        }
        throw new AssertionError("no " + kind + " recording of " + user + " in " + files(recDir));
    }

    private static void assertHeader(Path mjr, MjrMediaType type, String codec) throws IOException {
        try (MjrReader r = MjrReader.open(mjr, MjrReader.Mode.SALVAGE)) {
            assertThat(r.header().type()).isEqualTo(type);
            assertThat(r.header().codec()).isEqualTo(codec);
            assertThat(r.next()).as("a first packet in " + mjr).isNotNull();
        }
    }

    private static void janusPpRec(Path ppRec, Path in, Path out) throws Exception {
        String result = run(List.of(ppRec.toString(), in.toString(), out.toString()));
        assertThat(out).as("janus-pp-rec " + in + "\n" + result).exists();
    }

    /** Checks {@code ffprobe} finds one stream of {@code codec}; returns the file's duration in seconds. */
    private static double probe(Path file, String codec) throws Exception {
        String probe = run(List.of(ExternalTools.executable("ffprobe").toString(), "-v", "error", "-show_entries",
                "format=duration:stream=codec_name", "-of", "default=noprint_wrappers=1", file.toString()));
        assertThat(probe).as("ffprobe " + file).contains("codec_name=" + codec);
        Matcher m = Pattern.compile("duration=([0-9.]+)").matcher(probe);
        assertThat(m.find()).as("ffprobe " + file + ": " + probe).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Runs a command to completion (60 s at most); returns its output, failing on a non-zero status. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text;
    }
}
