/**
 * The recording port of the media side (design.md §5): {@link io.github.wildfiresfu.media.recording.StreamRecorder}
 * starts a {@link io.github.wildfiresfu.media.recording.StreamRecording} for one publisher stream, described by a
 * {@link io.github.wildfiresfu.media.recording.RecordedStream}; the recording is a
 * {@link io.github.wildfiresfu.media.routing.PublisherTap} the room router feeds. Core defines the port and never
 * imports the recorder: {@code sfu-recorder}'s MJR writer implements it, wired by the launcher. No Janus, Jackson or
 * config imports.
 */
package io.github.wildfiresfu.media.recording;
