package io.github.wildfiresfu.janus.videoroom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Codec names as Janus knows them ({@code janus_audiocodec_from_name} /
 * {@code janus_videocodec_from_name} in {@code src/rtp.c} of Janus 1.1.2), case-insensitive on
 * input and lower-case on output.
 */
final class Codecs {

    static final Set<String> AUDIO = Set.of("opus", "multiopus", "red", "isac32", "isac16", "pcmu", "pcma", "g722",
            "l16-48", "l16");
    static final Set<String> VIDEO = Set.of("vp8", "vp9", "h264", "av1", "h265");
    /** Janus keeps at most five codecs per kind ({@code acodec[5]}, {@code vcodec[5]}). */
    static final int MAX = 5;

    private Codecs() {
    }

    /**
     * Splits a comma list as Janus does ({@code g_strsplit(value, ",", 6)}, first five kept).
     * Returns null if an entry is empty or unknown, so the caller reports it.
     */
    static List<String> parse(String value, Set<String> known) {
        List<String> out = new ArrayList<>();
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length && i < MAX; i++) {
            String c = parts[i].toLowerCase(Locale.ROOT);
            if (c.isEmpty() || !known.contains(c)) {
                return null;
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    /** The first codec of {@code kind} that matches {@code name}, or null. */
    static String known(String name, Set<String> known) {
        if (name == null) {
            return null;
        }
        String c = name.toLowerCase(Locale.ROOT);
        return known.contains(c) ? c : null;
    }
}
