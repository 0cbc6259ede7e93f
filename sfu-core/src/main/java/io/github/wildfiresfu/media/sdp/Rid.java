package io.github.wildfiresfu.media.sdp;

/**
 * {@code a=rid:<id> <send|recv> [<restrictions>]} (RFC 8851 §4).
 *
 * @param id rid-id: letters, digits, {@code -} and {@code _}
 * @param send true for {@code send}, false for {@code recv}
 * @param restrictions the text after the direction ({@code pt=96;max-width=1280}), or {@code null}
 */
public record Rid(String id, boolean send, String restrictions) {

    public Rid {
        requireRidId(id);
        if (restrictions != null) {
            SdpSyntax.requireText(restrictions, "rid restrictions");
        }
    }

    /** Checks RFC 8851 §10's rid-syntax: 1*(ALPHA / DIGIT / "-" / "_"), at most 255 characters. */
    static String requireRidId(String id) {
        boolean ok = id != null && !id.isEmpty() && id.length() <= 255;
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!ok) {
            throw new IllegalArgumentException("rid \"" + id + "\" must be letters, digits, '-' or '_'");
        }
        return id;
    }

    /** Parses the attribute value. */
    public static Rid parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() < 2) {
            throw new IllegalArgumentException("rid must be <id> <send|recv> [<restrictions>]");
        }
        boolean send;
        if ("send".equals(f.get(1))) {
            send = true;
        } else if ("recv".equals(f.get(1))) {
            send = false;
        } else {
            throw new IllegalArgumentException("rid direction \"" + f.get(1) + "\" must be send or recv");
        }
        String restrictions = f.size() > 2 ? String.join(" ", f.subList(2, f.size())) : null;
        return new Rid(f.get(0), send, restrictions);
    }

    /** The attribute value. */
    public String toSdp() {
        return id + (send ? " send" : " recv") + (restrictions == null ? "" : " " + restrictions);
    }
}
