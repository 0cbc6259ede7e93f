package io.github.wildfiresfu.recorder.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the software we did not write that interop tests run against (janus-pp-rec, ffprobe, Janus,
 * Chromium, node). On CI ({@code CI=true}) a missing tool FAILS the test: CI installs them with
 * {@code .ci/install-deps.sh}. Elsewhere the test is skipped and says what is missing.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    /** Whether we run on CI. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The repository root (surefire passes it; falls back to the parent of the module dir). */
    public static Path repoRoot() {
        String fromEnv = System.getenv("WILDFIRE_SFU_REPO");
        Path p = fromEnv != null ? Path.of(fromEnv) : Path.of("").toAbsolutePath().getParent();
        return p.toAbsolutePath().normalize();
    }

    /** The executable {@code name} on the PATH; skips or fails the test if absent. */
    public static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        require(false, name + " (run: bash .ci/install-deps.sh)");
        return null;
    }

    /** Skips (or, on CI, fails) the test unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (onCi()) {
            fail("required tool missing on CI: " + what);
        }
        Assumptions.abort("skipped outside CI, missing " + what);
    }

    /** Output and exit status of a finished command. */
    public record Result(int status, String stdout, String stderr) {
    }

    /** Runs a command with a time limit; stdout and stderr are captured. */
    public static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile("cmd", ".out");
        Path errFile = Files.createTempFile("cmd", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(outFile.toFile()).redirectError(errFile.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** Runs a command given as separate words. */
    public static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, new ArrayList<>(List.of(command)));
    }

    /**
     * ffprobe's view of a media file: {@code codec_name}, {@code width}, {@code height} of each stream and
     * the format duration, as {@code key=value} lines.
     */
    public static String ffprobe(Path file) throws IOException, InterruptedException {
        Result r = run(30, executable("ffprobe").toString(), "-v", "error", "-show_entries",
                "format=format_name,duration:stream=codec_name,width,height", "-of", "default=noprint_wrappers=1",
                file.toString());
        if (r.status() != 0) {
            throw new AssertionError("ffprobe rejected " + file + ": " + r.stderr());
        }
        return r.stdout();
    }

    /** The format duration ffprobe reports, in seconds. */
    public static double ffprobeDuration(Path file) throws IOException, InterruptedException {
        for (String line : ffprobe(file).split("\n")) {
            if (line.startsWith("duration=")) {
                return Double.parseDouble(line.substring("duration=".length()));
            }
        }
        throw new AssertionError("ffprobe gave no duration for " + file);
    }

    /**
     * Decodes the whole file with ffmpeg; returns the decoders' error output (empty when clean). Frames keep
     * their own timestamps ({@code -fps_mode passthrough -enc_time_base -1}), and complaints of the null
     * muxer ({@code [null @ …]}) are left out: those are about timestamps ffmpeg computes for its own output
     * (two frames of a variable-rate WebRTC stream in one tick of a guessed frame rate), not about decoding.
     */
    public static String ffmpegDecodeErrors(Path file) throws IOException, InterruptedException {
        Result r = run(60, executable("ffmpeg").toString(), "-v", "error", "-i", file.toString(),
                "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "null", "-");
        if (r.status() != 0) {
            throw new AssertionError("ffmpeg could not decode " + file + ": " + r.stderr());
        }
        return r.stderr().lines().filter(l -> !l.startsWith("[null @")).collect(Collectors.joining("\n")).trim();
    }
}
