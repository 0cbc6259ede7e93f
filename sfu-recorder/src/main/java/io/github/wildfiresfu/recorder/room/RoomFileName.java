package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.RecordingFileNames;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a VideoRoom recording's file name says about it. The MJR info header holds only the media
 * ({@code t}, {@code c}, {@code f}, {@code x}), an optional stream description {@code d} and the times
 * {@code s}/{@code u}: not the room or the participant. So a recordings folder is sorted by name:
 * <ul>
 *   <li>{@code videoroom-<room>-user-<id>-<µs>-<audio|video|data>-<mindex>.mjr}: Janus 1.x and Wildfire
 *       ({@code janus_videoroom.c}; {@link RecordingFileNames});</li>
 *   <li>{@code videoroom-<room>-user-<id>-<µs>-<audio|video|data>.mjr}: Janus 0.x, no mindex;</li>
 *   <li>{@code <filename>-<audio|video|data>-<mindex>.mjr}: a publisher that gave {@code filename}; the
 *       name then carries neither room nor participant, so such files are only used when asked for by
 *       their {@code <filename>} ({@link #parseNamed}).</li>
 * </ul>
 *
 * @param participant the publisher id (or, for a named recording, the name it is shown under)
 * @param micros      the {@code <µs>} in the name (real time the recorder was created), or -1
 * @param kind        audio, video or data
 * @param mindex      the m-line index (Wildfire: audio 0, big video 1, small video 2), or -1 for 0.x names
 */
public record RoomFileName(String participant, long micros, MjrMediaType kind, int mindex) {

    private static final Pattern USER_PART =
            Pattern.compile("(.+)-(\\d{1,19})-(audio|video|data)(?:-(\\d{1,4}))?\\.mjr");
    private static final Pattern NAMED_PART = Pattern.compile("-(audio|video|data)(?:-(\\d{1,4}))?\\.mjr");

    /**
     * Parses the name of a recording of {@code room}, or returns null when the name is not one. The
     * room id is compared as the recorder writes it ({@link RecordingFileNames#safe}).
     */
    public static RoomFileName parse(String fileName, String room) {
        String prefix = "videoroom-" + RecordingFileNames.safe(room) + "-user-";
        if (!fileName.startsWith(prefix)) {
            return null;
        }
        // The id may contain '-' (so may the room): anchor on the fixed suffix, the id is the rest.
        Matcher m = USER_PART.matcher(fileName.substring(prefix.length()));
        if (!m.matches()) {
            return null;
        }
        long micros;
        try {
            micros = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return null;
        }
        return new RoomFileName(m.group(1), micros, kind(m.group(3)), m.group(4) == null ? -1
                : Integer.parseInt(m.group(4)));
    }

    /**
     * Parses {@code <base>-<audio|video|data>[-<mindex>].mjr}, the name of a recording whose publisher gave
     * {@code filename = base}; null when {@code fileName} is not one. The participant is shown as
     * {@code shownAs}.
     */
    public static RoomFileName parseNamed(String fileName, String base, String shownAs) {
        if (!fileName.startsWith(base + "-")) {
            return null;
        }
        Matcher m = NAMED_PART.matcher(fileName.substring(base.length()));
        if (!m.matches()) {
            return null;
        }
        return new RoomFileName(shownAs, -1, kind(m.group(1)), m.group(2) == null ? -1 : Integer.parseInt(m.group(2)));
    }

    /** Whether a name in a recordings folder looks like any VideoRoom recording (of any room). */
    public static boolean isVideoRoomName(String fileName) {
        return fileName.startsWith("videoroom-") && fileName.endsWith(".mjr");
    }

    private static MjrMediaType kind(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "audio" -> MjrMediaType.AUDIO;
            case "video" -> MjrMediaType.VIDEO;
            default -> MjrMediaType.DATA;
        };
    }
}
