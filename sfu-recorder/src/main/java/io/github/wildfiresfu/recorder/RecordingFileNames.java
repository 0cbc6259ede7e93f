package io.github.wildfiresfu.recorder;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;

/**
 * VideoRoom recording file names (Janus 1.x {@code janus_videoroom.c}, the Wildfire fork unchanged;
 * wildfire-protocol.md §2 item 8):
 * {@code videoroom-<room>-user-<publisher>-<µs since the epoch>-<audio|video|data>-<mindex>}, to which
 * the recorder appends {@code .mjr} (and the temporary extension while writing). A publisher's
 * {@code filename} replaces everything before {@code -<audio|video|data>}.
 */
public final class RecordingFileNames {

    private RecordingFileNames() {
    }

    /**
     * The base name (without {@code .mjr}) of a stream's recording.
     *
     * @param nowMicros the real time the recording starts, µs since the epoch ({@code g_get_real_time()})
     */
    public static String baseName(StreamInfo info, long nowMicros) {
        String prefix = info.filenameBase() != null && !info.filenameBase().isEmpty()
                ? safe(info.filenameBase())
                : "videoroom-" + safe(info.room()) + "-user-" + safe(info.user()) + "-" + nowMicros;
        return prefix + "-" + info.kind().word() + "-" + info.mindex();
    }

    /** The base name in Janus's exact form, for callers that have the parts. */
    public static String baseName(String room, String user, long nowMicros, MjrMediaType kind, int mindex) {
        return "videoroom-" + safe(room) + "-user-" + safe(user) + "-" + nowMicros + "-" + kind.word() + "-" + mindex;
    }

    /**
     * Ids come from clients: a {@code /} (or NUL) in a room, user or filename would let them write outside
     * {@code rec_dir}, and Janus passes them into the path as they are. We replace those characters with
     * {@code _}; Wildfire's ids ({@code <uid>|<digits>}, user ids) never contain them, so their names are
     * exactly Janus's. Public so that readers of a recordings folder ({@code room}) find the names
     * this produced.
     */
    public static String safe(String part) {
        StringBuilder sb = null;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '/' || c == '\\' || c == 0) {
                if (sb == null) {
                    sb = new StringBuilder(part);
                }
                sb.setCharAt(i, '_');
            }
        }
        String s = sb == null ? part : sb.toString();
        // "." and ".." alone would name a directory, not a file.
        return s.equals(".") || s.equals("..") ? s.replace('.', '_') : s;
    }
}
