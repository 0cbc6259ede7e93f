package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.recording.RecordedStream;
import io.github.wildfiresfu.media.recording.StreamRecording;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.recorder.MjrRecorder;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's adapter from the core's recording port to {@code sfu-recorder}'s {@link MjrRecorder}: a
 * recorded stream becomes an MJR file with the Wildfire (Janus 1.x VideoRoom) name in the room's
 * {@code rec_dir}, written as {@code .mjr.<recordings_tmp_ext>} and renamed when stopped or at shutdown; one
 * recorder for the process, created with the first recording; an unwritable {@code rec_dir} costs the
 * recording, not the caller.
 */
@Timeout(30)
class MjrStreamRecorderTest {

    @TempDir
    Path dir;

    private final AtomicInteger recordersMade = new AtomicInteger();

    private MjrStreamRecorder adapter(String tmpExt) {
        return new MjrStreamRecorder(tmpExt, listener -> {
            recordersMade.incrementAndGet();
            return MjrRecorder.start(listener);
        });
    }

    private RecordedStream opus(String recDir, String filename) {
        return new RecordedStream("call|42", "alice", MediaKind.AUDIO, 0, "opus", "minptime=10;useinbandfec=1",
                "mic", Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), recDir, filename, false);
    }

    private static void feed(StreamRecording r, int packets) {
        byte[] buf = new byte[200];
        for (int i = 0; i < packets; i++) {
            RtpPacket.writeFixedHeader(buf, 0, false, 111, 1000 + i, 960L * i, 0xABCDEF);
            buf[12] = (byte) i;
            r.onRtp(buf, 0, 12 + 60, 1_000_000_000L + i * 20_000_000L);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path await(Path file) throws InterruptedException {
        for (int i = 0; i < 500 && !Files.exists(file); i++) {
            Thread.sleep(10);
        }
        assertThat(file).exists();
        return file;
    }

    @Test
    void aStreamIsWrittenUnderItsJanusNameAndRenamedWhenStopped() throws Exception {
        Path recDir = dir.resolve("rooms/call");
        try (MjrStreamRecorder recorder = adapter("tmp")) {
            assertThat(recordersMade).as("no writer thread before the first recording").hasValue(0);
            StreamRecording r = recorder.start(opus(recDir.toString(), null));
            assertThat(recordersMade).hasValue(1);
            feed(r, 50);
            Path tmp;
            try (Stream<Path> s = Files.list(await(recDir))) {
                tmp = s.findFirst().orElseThrow();
            }
            assertThat(tmp.getFileName().toString()).matches("videoroom-call\\|42-user-alice-\\d{16}-audio-0\\.mjr\\.tmp");
            r.stop();
            Path mjr = await(recDir.resolve(tmp.getFileName().toString().replace(".mjr.tmp", ".mjr")));
            for (int i = 0; i < 500 && Files.exists(tmp); i++) {
                Thread.sleep(10);
            }
            assertThat(files()).containsExactly(mjr);
            try (MjrReader reader = MjrReader.open(mjr, MjrReader.Mode.STRICT)) {
                assertThat(reader.header().type()).isEqualTo(MjrMediaType.AUDIO);
                assertThat(reader.header().codec()).isEqualTo("opus");
                assertThat(reader.header().fmtp()).isEqualTo("minptime=10;useinbandfec=1");
                assertThat(reader.header().description()).isEqualTo("mic");
                assertThat(reader.header().extmaps()).containsEntry(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
                List<Long> times = new ArrayList<>();
                for (MjrRecord rec = reader.next(); rec != null; rec = reader.next()) {
                    times.add(rec.arrivalMillis());
                }
                // The router's nanosecond arrival times, as milliseconds since the first packet.
                assertThat(times).hasSize(50);
                assertThat(times.get(49)).isEqualTo(49 * 20L);
            }
            // A second recording reuses the one recorder.
            recorder.start(opus(recDir.toString(), "alice-take2")).stop();
            assertThat(recordersMade).hasValue(1);
            await(recDir.resolve("alice-take2-audio-0.mjr"));
        }
    }

    @Test
    void closingTheRecorderClosesAndRenamesOpenFilesAndRefusesNewOnes() throws Exception {
        MjrStreamRecorder recorder = adapter("part");
        StreamRecording r = recorder.start(opus(dir.toString(), "open-at-shutdown"));
        feed(r, 10);
        recorder.close();
        assertThat(files()).containsExactly(dir.resolve("open-at-shutdown-audio-0.mjr"));
        try (MjrReader reader = MjrReader.open(files().get(0), MjrReader.Mode.STRICT)) {
            int n = 0;
            while (reader.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(10);
        }
        assertThatThrownBy(() -> recorder.start(opus(dir.toString(), null))).isInstanceOf(IllegalStateException.class);
        recorder.close();
    }

    @Test
    void withoutATemporaryExtensionFilesAreWrittenAsMjrDirectly() throws Exception {
        try (MjrStreamRecorder recorder = adapter(null)) {
            StreamRecording r = recorder.start(opus(dir.toString(), "direct"));
            feed(r, 3);
            await(dir.resolve("direct-audio-0.mjr"));
            r.stop();
        }
        assertThat(files()).containsExactly(dir.resolve("direct-audio-0.mjr"));
    }

    @Test
    void anUnwritableRecDirCostsTheRecordingNotTheCaller() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        try (MjrStreamRecorder recorder = adapter("tmp")) {
            StreamRecording r = recorder.start(opus(notADir.resolve("sub").toString(), null));
            feed(r, 20);
            r.stop();
            // The next stream in a good folder is recorded all the same.
            StreamRecording ok = recorder.start(opus(dir.resolve("good").toString(), "ok"));
            feed(ok, 5);
            ok.stop();
            await(dir.resolve("good/ok-audio-0.mjr"));
        }
        assertThat(files()).containsExactly(dir.resolve("good/ok-audio-0.mjr"), notADir);
    }

    @Test
    void withoutRecDirFilesGoToTheWorkingDirectoryAsInJanus() {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        assertThat(MjrStreamRecorder.recordingDir(null)).isEqualTo(cwd);
        assertThat(MjrStreamRecorder.recordingDir("")).isEqualTo(cwd);
        assertThat(MjrStreamRecorder.recordingDir("rec/conf")).isEqualTo(cwd.resolve("rec/conf"));
        assertThat(MjrStreamRecorder.recordingDir("/srv/rec")).isEqualTo(Path.of("/srv/rec"));
        assertThatThrownBy(() -> MjrStreamRecorder.recordingDir("bad\0name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rec_dir");
    }

    @Test
    void aCodecTheFormatCannotNameIsRefusedAtOnce() {
        try (MjrStreamRecorder recorder = adapter(null)) {
            assertThatThrownBy(() -> recorder.start(new RecordedStream("r", "u", MediaKind.AUDIO, 0, "isac16", null,
                    null, Map.of(), dir.toString(), null, false))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("isac16");
        }
    }
}
