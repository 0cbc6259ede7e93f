package io.github.wildfiresfu.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the interop/ node scripts (independent Janus clients) and captures their output. */
final class NodeScripts {

    record Result(int exitCode, String output) {
    }

    private NodeScripts() {
    }

    static Result run(Path interop, long timeoutSeconds, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ExternalTools.executable("node").toString());
        cmd.add(script);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(interop.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            String partial = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(-1, partial + "\n[killed after " + timeoutSeconds + " s]");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
