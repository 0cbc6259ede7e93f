/**
 * The post-processor: MJR recordings to playable files, like {@code janus-pp-rec} without FFmpeg.
 * {@link io.github.wildfiresfu.recorder.post.Recording} indexes a file and orders its packets
 * ({@link io.github.wildfiresfu.recorder.post.PacketOrderer}); frame sources assemble Opus packets
 * (with silence for gaps), VP8 frames and H.264 access units; {@link io.github.wildfiresfu.recorder.post.PostProcessor}
 * writes them into the containers of {@code io.github.wildfiresfu.recorder.container}; and
 * {@link io.github.wildfiresfu.recorder.post.PostProcessorCli} is the command line of the
 * {@code wildfire-sfu-recorder.jar}.
 */
package io.github.wildfiresfu.recorder.post;
