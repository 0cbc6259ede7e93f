package io.github.wildfiresfu.bench.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load-generator run does, from the command line ({@link #parse}). Every option has a
 * default, so {@code LoadGenerator} alone runs 1 room, 1 publisher, 1 subscriber for 10 s against
 * {@code http://127.0.0.1:8088/janus}.
 *
 * @param janus                   the Janus HTTP API root of the server under test
 * @param rooms                   rooms, each with its own publishers and subscribers
 * @param publishers              publishers per room (each sends audio and video)
 * @param subscribers             subscribers per room (each receives every publisher of the room)
 * @param seconds                 length of the measured window
 * @param warmupSeconds           media flows this long before the window opens (JIT, caches)
 * @param audioPps                audio packets/s per publisher (0: no audio)
 * @param audioBytes              audio RTP payload bytes
 * @param videoPps                video packets/s per publisher (0: no video)
 * @param videoBytes              video RTP payload bytes
 * @param fps                     video frames/s (a frame is videoPps / fps packets)
 * @param keyframeIntervalSeconds a VP8 key frame this often (and on PLI/FIR)
 * @param bind                    local address of the peers' sockets (their host candidate)
 * @param threads                 event loops carrying the peers
 * @param serverPid               process whose CPU time is measured (0: none)
 * @param setupTimeoutSeconds     how long signalling, ICE and DTLS may take for all peers
 * @param label                   a name for the run in reports (e.g. the server's)
 */
public record LoadOptions(URI janus, int rooms, int publishers, int subscribers, int seconds, int warmupSeconds,
        int audioPps, int audioBytes, int videoPps, int videoBytes, int fps, int keyframeIntervalSeconds, String bind,
        int threads, long serverPid, int setupTimeoutSeconds, String label) {

    /** The options, their value names and what they mean, for {@link #usage()}. */
    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put("--janus URL", "Janus HTTP API root (default http://127.0.0.1:8088/janus)");
        HELP.put("--rooms N", "rooms (default 1)");
        HELP.put("--publishers N", "publishers per room, each sending audio + video (default 1)");
        HELP.put("--subscribers N", "subscribers per room, each receiving every publisher of its room (default 1)");
        HELP.put("--seconds N", "measured window (default 10)");
        HELP.put("--warmup N", "seconds of media before the window (default 2)");
        HELP.put("--audio-pps N", "audio packets/s per publisher, 0 for none (default 50)");
        HELP.put("--audio-bytes N", "audio payload bytes (default 120)");
        HELP.put("--video-pps N", "video packets/s per publisher, 0 for none (default 100)");
        HELP.put("--video-bytes N", "video payload bytes (default 1100)");
        HELP.put("--fps N", "video frames/s (default 30)");
        HELP.put("--keyframe-interval N", "seconds between VP8 key frames (default 3)");
        HELP.put("--bind IP", "address of the generator's sockets (default 127.0.0.1)");
        HELP.put("--threads N", "generator event loops (default 1)");
        HELP.put("--server-pid PID", "measure this process's CPU time (utime+stime) in the window");
        HELP.put("--setup-timeout N", "seconds for all peers to connect (default 60)");
        HELP.put("--label TEXT", "name of the run in the report (default: the URL)");
    }

    public LoadOptions {
        require(janus != null && janus.getScheme() != null && janus.getScheme().startsWith("http"),
                "--janus must be an http:// URL, got " + janus);
        require(rooms >= 1 && rooms <= 1000, "--rooms must be 1-1000, got " + rooms);
        require(publishers >= 1 && publishers <= 100, "--publishers must be 1-100, got " + publishers);
        require(subscribers >= 0 && subscribers <= 1000, "--subscribers must be 0-1000, got " + subscribers);
        require(seconds >= 1, "--seconds must be at least 1, got " + seconds);
        require(warmupSeconds >= 0, "--warmup must not be negative, got " + warmupSeconds);
        require(audioPps >= 0 && audioPps <= 1000, "--audio-pps must be 0-1000, got " + audioPps);
        require(videoPps >= 0 && videoPps <= 100_000, "--video-pps must be 0-100000, got " + videoPps);
        require(audioPps + videoPps > 0, "--audio-pps and --video-pps cannot both be 0");
        require(audioBytes >= 1 && audioBytes <= 1200, "--audio-bytes must be 1-1200, got " + audioBytes);
        require(videoBytes >= 20 && videoBytes <= 1200, "--video-bytes must be 20-1200, got " + videoBytes);
        require(fps >= 1 && fps <= 120, "--fps must be 1-120, got " + fps);
        require(keyframeIntervalSeconds >= 0, "--keyframe-interval must not be negative");
        require(threads >= 1 && threads <= 64, "--threads must be 1-64, got " + threads);
        require(serverPid >= 0, "--server-pid must be a process id");
        require(setupTimeoutSeconds >= 1, "--setup-timeout must be at least 1");
        if (label == null || label.isBlank()) {
            label = janus.toString();
        }
    }

    /** The defaults (see {@link #usage()}). */
    public static LoadOptions defaults() {
        return new LoadOptions(URI.create("http://127.0.0.1:8088/janus"), 1, 1, 1, 10, 2, 50, 120, 100, 1100, 30, 3,
                "127.0.0.1", 1, 0, 60, null);
    }

    /**
     * Reads {@code --name value} pairs over the defaults.
     *
     * @throws IllegalArgumentException with a one-line reason for an unknown option, a missing or
     *     malformed value, or a value out of range
     */
    public static LoadOptions parse(String... args) {
        LoadOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String v = args[++i];
            o = switch (name) {
                case "--janus" -> o.with(URI.create(v), o.rooms, o.publishers, o.subscribers, o.seconds);
                case "--rooms" -> o.with(o.janus, number(name, v), o.publishers, o.subscribers, o.seconds);
                case "--publishers" -> o.with(o.janus, o.rooms, number(name, v), o.subscribers, o.seconds);
                case "--subscribers" -> o.with(o.janus, o.rooms, o.publishers, number(name, v), o.seconds);
                case "--seconds" -> o.with(o.janus, o.rooms, o.publishers, o.subscribers, number(name, v));
                case "--warmup" -> new LoadOptions(o.janus, o.rooms, o.publishers, o.subscribers, o.seconds,
                        number(name, v), o.audioPps, o.audioBytes, o.videoPps, o.videoBytes, o.fps,
                        o.keyframeIntervalSeconds, o.bind, o.threads, o.serverPid, o.setupTimeoutSeconds, o.label);
                case "--audio-pps" -> o.withMedia(number(name, v), o.audioBytes, o.videoPps, o.videoBytes, o.fps);
                case "--audio-bytes" -> o.withMedia(o.audioPps, number(name, v), o.videoPps, o.videoBytes, o.fps);
                case "--video-pps" -> o.withMedia(o.audioPps, o.audioBytes, number(name, v), o.videoBytes, o.fps);
                case "--video-bytes" -> o.withMedia(o.audioPps, o.audioBytes, o.videoPps, number(name, v), o.fps);
                case "--fps" -> o.withMedia(o.audioPps, o.audioBytes, o.videoPps, o.videoBytes, number(name, v));
                case "--keyframe-interval" -> new LoadOptions(o.janus, o.rooms, o.publishers, o.subscribers,
                        o.seconds, o.warmupSeconds, o.audioPps, o.audioBytes, o.videoPps, o.videoBytes, o.fps,
                        number(name, v), o.bind, o.threads, o.serverPid, o.setupTimeoutSeconds, o.label);
                case "--bind" -> o.withRun(v, o.threads, o.serverPid, o.setupTimeoutSeconds, o.label);
                case "--threads" -> o.withRun(o.bind, number(name, v), o.serverPid, o.setupTimeoutSeconds, o.label);
                case "--server-pid" -> o.withRun(o.bind, o.threads, number(name, v), o.setupTimeoutSeconds, o.label);
                case "--setup-timeout" -> o.withRun(o.bind, o.threads, o.serverPid, number(name, v), o.label);
                case "--label" -> o.withRun(o.bind, o.threads, o.serverPid, o.setupTimeoutSeconds, v);
                default -> throw new IllegalArgumentException("unknown option " + name + "; see --help");
            };
        }
        return o;
    }

    /** One line per option. */
    public static String usage() {
        List<String> lines = new ArrayList<>();
        lines.add("usage: java -cp benchmarks/target/benchmarks.jar " + LoadGenerator.class.getName() + " [options]");
        HELP.forEach((k, v) -> lines.add(String.format("  %-24s %s", k, v)));
        return String.join(System.lineSeparator(), lines);
    }

    /** The same options with another shape of the run. */
    public LoadOptions with(URI newJanus, int newRooms, int newPublishers, int newSubscribers, int newSeconds) {
        return new LoadOptions(newJanus, newRooms, newPublishers, newSubscribers, newSeconds, warmupSeconds, audioPps,
                audioBytes, videoPps, videoBytes, fps, keyframeIntervalSeconds, bind, threads, serverPid,
                setupTimeoutSeconds, label);
    }

    /** The same options with other media rates and sizes. */
    public LoadOptions withMedia(int newAudioPps, int newAudioBytes, int newVideoPps, int newVideoBytes, int newFps) {
        return new LoadOptions(janus, rooms, publishers, subscribers, seconds, warmupSeconds, newAudioPps,
                newAudioBytes, newVideoPps, newVideoBytes, newFps, keyframeIntervalSeconds, bind, threads, serverPid,
                setupTimeoutSeconds, label);
    }

    /** The same options with other run settings. */
    public LoadOptions withRun(String newBind, int newThreads, long newServerPid, int newSetupTimeoutSeconds,
            String newLabel) {
        return new LoadOptions(janus, rooms, publishers, subscribers, seconds, warmupSeconds, audioPps, audioBytes,
                videoPps, videoBytes, fps, keyframeIntervalSeconds, newBind, newThreads, newServerPid,
                newSetupTimeoutSeconds, newLabel);
    }

    /** The same options with another warm-up. */
    public LoadOptions withWarmup(int newWarmupSeconds) {
        return new LoadOptions(janus, rooms, publishers, subscribers, seconds, newWarmupSeconds, audioPps, audioBytes,
                videoPps, videoBytes, fps, keyframeIntervalSeconds, bind, threads, serverPid, setupTimeoutSeconds,
                label);
    }

    /** PeerConnections the run makes. */
    public int peers() {
        return rooms * (publishers + subscribers);
    }

    private static int number(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got \"" + v + "\"");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
