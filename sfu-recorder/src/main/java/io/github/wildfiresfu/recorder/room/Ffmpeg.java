package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.post.ProgressListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code ffmpeg} program, which {@code room} uses to mix, tile and encode (and to measure loudness
 * when a recording has no audio-level extension). We never link FFmpeg: the post-processor works
 * without it, and only the composite needs it.
 *
 * <p>Every run: no standard input ({@code -nostdin}), errors only, standard error to a temporary file
 * (so a chatty run cannot block on a full pipe), and a failure becomes an {@link IOException} whose
 * message is ffmpeg's last error line. The process is killed if the calling thread is interrupted,
 * anything fails while it runs, or the JVM exits meanwhile (SIGTERM, Ctrl-C): no ffmpeg outlives us.
 */
public final class Ffmpeg {

    private final Path executable;

    private Ffmpeg(Path executable) {
        this.executable = executable;
    }

    /**
     * Finds ffmpeg: {@code explicit} if given (it must be executable), else the first {@code ffmpeg} in
     * the directories of {@code pathVariable} (the {@code PATH} environment variable; may be null).
     * Empty when there is none.
     */
    public static Optional<Ffmpeg> locate(String explicit, String pathVariable) {
        if (explicit != null && !explicit.isEmpty()) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(new Ffmpeg(p)) : Optional.empty();
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "ffmpeg");
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(new Ffmpeg(p));
            }
        }
        return Optional.empty();
    }

    /** The program file. */
    public Path executable() {
        return executable;
    }

    /** Whether this ffmpeg has the filter {@code name} (e.g. {@code drawtext}, which needs libfreetype). */
    public boolean hasFilter(String name) {
        try {
            String list = run(List.of("-hide_banner", "-filters"), null);
            for (String line : list.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[1].equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs ffmpeg with {@code args} (after {@code -nostdin -v error}) and returns its standard output;
     * each line is also given to {@code lines} when not null.
     *
     * @throws IOException when it cannot start or exits with an error (message: ffmpeg's last error line)
     */
    public String run(List<String> args, Consumer<String> lines) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.add("-nostdin");
        cmd.add("-v");
        cmd.add("error");
        cmd.addAll(args);
        Path errors = Files.createTempFile("wildfire-ffmpeg", ".log");
        Process p = null;
        Thread killOnExit = null;
        try {
            try {
                p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run " + executable + ": " + e.getMessage(), e);
            }
            killOnExit = new Thread(p::destroyForcibly, "ffmpeg-kill-on-exit");
            Runtime.getRuntime().addShutdownHook(killOnExit);
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.append(line).append('\n');
                    if (lines != null) {
                        lines.accept(line);
                    }
                }
            }
            int status = p.waitFor();
            if (status != 0) {
                throw new IOException("ffmpeg failed (exit " + status + "): " + lastLine(errors));
            }
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while ffmpeg was running");
        } finally {
            if (killOnExit != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(killOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running or about to: it kills the process.
                }
            }
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(errors);
        }
    }

    /**
     * Runs an encoding whose output lasts {@code totalMicros}, reporting {@link ProgressListener.Phase#RENDERING}
     * from ffmpeg's {@code -progress} output ({@code out_time_us}).
     */
    public void render(List<String> args, long totalMicros, ProgressListener progress) throws IOException {
        List<String> withProgress = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats"));
        withProgress.addAll(args);
        progress.onProgress(ProgressListener.Phase.RENDERING, 0, totalMicros);
        run(withProgress, line -> {
            if (line.startsWith("out_time_us=")) {
                try {
                    long t = Long.parseLong(line.substring("out_time_us=".length()).trim());
                    progress.onProgress(ProgressListener.Phase.RENDERING, Math.max(0, Math.min(t, totalMicros)),
                            totalMicros);
                } catch (NumberFormatException ignored) {
                    // "N/A" before the first frame.
                }
            }
        });
        progress.onProgress(ProgressListener.Phase.RENDERING, totalMicros, totalMicros);
    }

    private static String lastLine(Path errors) {
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                // "Conversion failed!" closes every failed run; the line before it says why.
                if (!lines.get(i).isBlank() && !lines.get(i).trim().equals("Conversion failed!")) {
                    return lines.get(i).trim();
                }
            }
            return "no error message";
        } catch (IOException e) {
            return "no error message (" + e.getMessage() + ")";
        }
    }
}
