/**
 * The recording tap (design.md §5, issue #4): {@link io.github.wildfiresfu.recorder.RecordingTap} and
 * {@link io.github.wildfiresfu.recorder.RecordingHandle} are what the media engine calls;
 * {@link io.github.wildfiresfu.recorder.MjrRecorder} implements them with one bounded queue and one
 * writer thread writing Janus-compatible MJR00002 files named as the Wildfire VideoRoom names them
 * ({@link io.github.wildfiresfu.recorder.RecordingFileNames}).
 *
 * <p>Nothing here depends on the Janus layer ({@code io.github.wildfiresfu.janus}); media code from
 * {@code io.github.wildfiresfu.media.rtp} is used for header rewriting.
 */
package io.github.wildfiresfu.recorder;
