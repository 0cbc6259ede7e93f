/**
 * Output containers written by hand, each a few hundred lines: Ogg Opus ({@code .ogg}), WebM
 * ({@code .webm}) and MP4 ({@code .mp4}); plus {@link io.github.wildfiresfu.recorder.container.SeekableOutput}
 * for the sizes they patch at the end.
 */
package io.github.wildfiresfu.recorder.container;
