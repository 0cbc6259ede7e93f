package io.github.wildfiresfu.media.sdp;

import java.util.List;

/**
 * {@code a=msid-semantic: WMS [ids]}: a session-level attribute of the old msid draft that
 * Chromium still writes (with a space after the colon); kept for round trips.
 */
public record MsidSemantic(String semantic, List<String> ids) {

    public MsidSemantic {
        SdpSyntax.requireToken(semantic, "msid-semantic");
        ids = List.copyOf(ids);
        for (String id : ids) {
            SdpSyntax.requireVisible(id, "msid-semantic id");
        }
    }

    /** Parses the attribute value (leading spaces allowed). */
    public static MsidSemantic parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.isEmpty()) {
            throw new IllegalArgumentException("msid-semantic needs a semantic");
        }
        return new MsidSemantic(f.get(0), f.subList(1, f.size()));
    }

    /** The attribute value, written as Chromium does ({@code " WMS id"}). */
    public String toSdp() {
        return " " + semantic + (ids.isEmpty() ? "" : " " + String.join(" ", ids));
    }
}
