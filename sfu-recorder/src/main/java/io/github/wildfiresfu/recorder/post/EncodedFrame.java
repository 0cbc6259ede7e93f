package io.github.wildfiresfu.recorder.post;

/**
 * One frame a converter hands to a container: an Opus packet, a VP8 frame or an H.264 access unit.
 *
 * @param pts       presentation time in RTP clock ticks since the recording's first packet
 * @param duration  duration in ticks (audio; 0 when unknown, as for video)
 * @param data      the frame (owned by the frame)
 * @param keyframe  whether it decodes on its own
 * @param filler    whether the post-processor made it up (Opus silence)
 */
public record EncodedFrame(long pts, long duration, byte[] data, boolean keyframe, boolean filler) {
}
