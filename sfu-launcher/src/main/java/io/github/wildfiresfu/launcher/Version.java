package io.github.wildfiresfu.launcher;

/** The server's version, reported by {@code --version} and in {@code info}. */
final class Version {

    static final String STRING = "0.1.0";
    /** Janus-style number: major*10000... Janus reports 1.1.2 as 1102; we report 0.1.0 as 100. */
    static final int NUMBER = 100;

    private Version() {
    }
}
