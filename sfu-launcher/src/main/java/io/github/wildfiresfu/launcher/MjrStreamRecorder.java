package io.github.wildfiresfu.launcher;

import io.github.wildfiresfu.media.recording.RecordedStream;
import io.github.wildfiresfu.media.recording.StreamRecorder;
import io.github.wildfiresfu.media.recording.StreamRecording;
import io.github.wildfiresfu.recorder.MjrRecorder;
import io.github.wildfiresfu.recorder.RecordingHandle;
import io.github.wildfiresfu.recorder.RecordingListener;
import io.github.wildfiresfu.recorder.RecordingResult;
import io.github.wildfiresfu.recorder.RecordingStats;
import io.github.wildfiresfu.recorder.StreamInfo;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The core's recording port ({@link StreamRecorder}) on {@code sfu-recorder}'s {@link MjrRecorder}: one
 * recorder (one writer thread, one bounded queue) for the whole process, created with the first recording
 * so that a server that never records has no writer thread, and closed by {@link #close()} at shutdown,
 * after the rooms, so that every file is flushed, closed and renamed.
 *
 * <p>Maps a {@link RecordedStream} to the recorder's {@link StreamInfo}: {@code rec_dir} as configured, or
 * the working directory when the room has none (Janus: {@code janus_recorder_create_full} with no folder
 * writes to the current one), and janus.jcfg's {@code general.recordings_tmp_ext}, which is the same for every
 * file (files are written as {@code .mjr.<ext>} and renamed on close). Logs one INFO line when a file is
 * started and one when it is closed, as Janus does ({@code "Closed audio recording ..."}); a file that cannot
 * be written is the recorder's one ERROR line, and the call goes on.
 */
final class MjrStreamRecorder implements StreamRecorder, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MjrStreamRecorder.class.getName());

    private final String tmpExt;
    private final Function<RecordingListener, MjrRecorder> factory;
    private final RecordingListener listener = new RecordingListener() {
        @Override
        public void onRecordingClosed(RecordingHandle handle, RecordingResult result) {
            if (result.path() == null) {
                return; // Never created: the recorder logged why.
            }
            RecordingStats s = result.stats();
            LOG.log(Level.INFO, "Closed " + result.info().kind().word() + " recording " + result.path() + " ("
                    + s.written() + " packets, " + s.bytes() + " bytes" + (s.dropped() > 0 ? ", not written "
                    + s.drops() : "") + (result.failure() != null ? ", failed" : "") + ")");
        }
    };

    // Guarded by this.
    private MjrRecorder recorder;
    // Guarded by this.
    private boolean closed;

    /**
     * @param tmpExt  {@code recordings_tmp_ext}, or null to write {@code .mjr} files directly
     * @param factory makes the recorder on first use ({@code MjrRecorder::start} outside tests)
     */
    MjrStreamRecorder(String tmpExt, Function<RecordingListener, MjrRecorder> factory) {
        this.tmpExt = tmpExt == null || tmpExt.isEmpty() ? null : tmpExt;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public StreamRecording start(RecordedStream s) {
        Path dir = recordingDir(s.recDir());
        StreamInfo info = StreamInfo.builder(s.room(), s.user(),
                        s.kind() == io.github.wildfiresfu.media.sdp.MediaKind.AUDIO ? MjrMediaType.AUDIO : MjrMediaType.VIDEO,
                        s.mindex(), s.codec(), dir)
                .fmtp(s.fmtp())
                .description(s.description())
                .extmaps(s.extmaps())
                .filenameBase(s.filenameBase())
                .tmpExt(tmpExt)
                .endToEndEncrypted(s.endToEndEncrypted())
                .build();
        RecordingHandle handle = recorder().open(info);
        LOG.log(Level.INFO, () -> "Recording " + info.kind().word() + " of " + s.user() + " in room " + s.room()
                + " (" + s.codec() + ", m-line " + s.mindex() + ") to " + handle.writingPath());
        return new Recording(handle);
    }

    /**
     * The folder of a room's recordings: {@code rec_dir} as configured (a relative one against the working
     * directory), or the working directory itself when the room has none, as Janus's recorder does.
     *
     * @throws IllegalArgumentException for a {@code rec_dir} that is not a path on this system
     */
    static Path recordingDir(String recDir) {
        try {
            return (recDir == null || recDir.isEmpty() ? Path.of("") : Path.of(recDir)).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("rec_dir \"" + recDir + "\" is not a usable path: " + e.getMessage(), e);
        }
    }

    private synchronized MjrRecorder recorder() {
        if (closed) {
            throw new IllegalStateException("the recorder is shut down");
        }
        if (recorder == null) {
            recorder = factory.apply(listener);
        }
        return recorder;
    }

    /**
     * Closes every open recording (their queued packets are written first, then the files are renamed) and
     * stops the writer thread, waiting for it. Later {@link #start} calls are refused. Idempotent.
     */
    @Override
    public void close() {
        MjrRecorder r;
        synchronized (this) {
            closed = true;
            r = recorder;
        }
        if (r != null) {
            r.close();
        }
    }

    /** One stream: the router's tap offers copies to the recorder's queue; times in µs as it wants them. */
    private record Recording(RecordingHandle handle) implements StreamRecording {

        @Override
        public void onRtp(byte[] packet, int offset, int length, long arrivalNanos) {
            // A refused packet (queue full, failed file) is counted by the handle's statistics.
            handle.offer(packet, offset, length, arrivalNanos / 1000);
        }

        @Override
        public void sourceChanged() {
            handle.sourceChanged();
        }

        @Override
        public void stop() {
            handle.close();
        }
    }
}
