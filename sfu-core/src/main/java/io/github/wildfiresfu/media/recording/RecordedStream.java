package io.github.wildfiresfu.media.recording;

import io.github.wildfiresfu.media.sdp.MediaKind;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to record: one publisher stream of a VideoRoom, in the terms of Janus's
 * {@code janus_videoroom_recorder_create} ({@code janus_videoroom.c}). Immutable.
 *
 * @param room               room id (part of the file name)
 * @param user               publisher id (part of the file name)
 * @param kind               audio or video
 * @param mindex             the stream's m-line index (part of the file name)
 * @param codec              negotiated codec, Janus's name ({@code opus}, {@code vp8}, {@code h264}, ...)
 * @param fmtp               the codec's negotiated format parameters, or null
 * @param description        the stream's description ({@code descriptions} in publish), or null
 * @param extmaps            negotiated header extensions the post-processors read, id to URI; may be empty
 * @param recDir             the room's {@code rec_dir} as configured, or null for the server's working
 *                           directory (Janus: {@code janus_recorder_create_full} with no folder writes to the
 *                           current one)
 * @param filenameBase       the publisher's {@code filename}, replacing
 *                           {@code videoroom-<room>-user-<id>-<µs>} in the file name, or null
 * @param endToEndEncrypted  whether the publisher encrypts end to end (marked in the file, which
 *                           post-processors then refuse)
 */
public record RecordedStream(String room, String user, MediaKind kind, int mindex, String codec, String fmtp,
        String description, Map<Integer, String> extmaps, String recDir, String filenameBase,
        boolean endToEndEncrypted) {

    /** Validates and freezes. */
    public RecordedStream {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
            throw new IllegalArgumentException("only audio and video streams are recorded, not " + kind);
        }
        if (mindex < 0) {
            throw new IllegalArgumentException("mindex must not be negative, got " + mindex);
        }
        extmaps = extmaps == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extmaps));
    }
}
