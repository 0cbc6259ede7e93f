/**
 * {@code room}: a whole meeting from a recordings folder. {@link io.github.wildfiresfu.recorder.room.RoomPostProcessor}
 * finds a room's recordings by name, places them on the wall clock from their MJR timing
 * ({@link io.github.wildfiresfu.recorder.room.MeetingTimeline}: participants, publish sessions, grid tiles),
 * converts them with the post-processor, finds who spoke when
 * ({@link io.github.wildfiresfu.recorder.room.AudioLevels}, {@link io.github.wildfiresfu.recorder.room.SpeechDetector}),
 * writes a JSON/HTML timeline ({@link io.github.wildfiresfu.recorder.room.TimelineDocument}) and renders the
 * composite with an external ffmpeg ({@link io.github.wildfiresfu.recorder.room.CompositeCommand},
 * {@link io.github.wildfiresfu.recorder.room.Ffmpeg}). Only the composite and the loudness of recordings
 * without the audio-level extension need ffmpeg.
 */
package io.github.wildfiresfu.recorder.room;
