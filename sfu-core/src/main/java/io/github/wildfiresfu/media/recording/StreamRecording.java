package io.github.wildfiresfu.media.recording;

import io.github.wildfiresfu.media.routing.PublisherTap;

/**
 * One stream being recorded. The router feeds it as a {@link PublisherTap} on the room's event loop
 * ({@link #onRtp} copies and returns at once); the other methods may be called from any thread and never
 * block.
 */
public interface StreamRecording extends PublisherTap {

    /**
     * The packets that follow come from a restarted source even if their SSRC is unchanged (the
     * publisher renegotiated): numbering in the file goes on from the last packet instead of jumping.
     * A change of SSRC is noticed without this call.
     */
    void sourceChanged();

    /**
     * Stops recording: what was offered before is still written, then the file is closed (and renamed
     * from its temporary name). Idempotent; returns at once.
     */
    void stop();
}
