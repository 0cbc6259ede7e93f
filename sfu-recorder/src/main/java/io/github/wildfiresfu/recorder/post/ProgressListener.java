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
        WRITING
    }

    /** {@code done} of {@code total} units of {@code phase} are finished. */
    void onProgress(Phase phase, long done, long total);
}
