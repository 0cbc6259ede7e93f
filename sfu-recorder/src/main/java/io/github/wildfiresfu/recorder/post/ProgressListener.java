package io.github.wildfiresfu.recorder.post;

/** Hears how far a post-processing run is; called on the converting thread, often: keep it cheap. */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = (phase, done, total) -> {
    };

    /** The two passes over a recording. */
    enum Phase {
        /** Reading the file and ordering packets; counted in bytes of the file. */
        INDEXING,
        /** Writing the output; counted in packets. */
        WRITING,
        /** ffmpeg encoding a composite ({@code room}); counted in µs of output. */
        RENDERING
    }

    /** {@code done} of {@code total} units of {@code phase} are finished. */
    void onProgress(Phase phase, long done, long total);

    /**
     * A run of several steps ({@code room}: one conversion per recording, then the rendering) starts the
     * next one; {@code description} says which, e.g. {@code "3/7 alice audio-0"} (the phase of the
     * progress that follows says what is done with it).
     */
    default void onStep(String description) {
    }
}
