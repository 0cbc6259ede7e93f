package io.github.wildfiresfu.recorder.post;

import java.io.IOException;

/**
 * Pulls the frames of one recording in presentation order, so that containers can interleave two
 * sources without holding either in memory.
 */
public interface FrameSource {

    /** The next frame, or null when there are no more. */
    EncodedFrame next() throws IOException;

    /** RTP clock rate of {@link EncodedFrame#pts()}. */
    int clockRate();

    /** Packets consumed so far (for progress). */
    long packetsConsumed();
}
