package io.github.wildfiresfu.media.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285 §8).
 *
 * @param id 1-14 for one-byte headers, up to 255 with two-byte headers; 4096-4351 are allowed
 *     in offers only (RFC 8285 §7)
 * @param direction the optional direction, or {@code null}
 * @param uri the extension URI
 * @param attributes extension attributes after the URI, or {@code null}
 */
public record Extmap(int id, Direction direction, String uri, String attributes) {

    public Extmap {
        if (!((id >= 1 && id <= 255) || (id >= 4096 && id <= 4351))) {
            throw new IllegalArgumentException("extmap id " + id + " is out of range 1-255 (or 4096-4351)");
        }
        SdpSyntax.requireVisible(uri, "extmap URI");
        if (attributes != null) {
            SdpSyntax.requireText(attributes, "extmap attributes");
        }
    }

    /** An extmap with just an id and URI. */
    public static Extmap of(int id, String uri) {
        return new Extmap(id, null, uri, null);
    }

    /** Parses the attribute value. */
    public static Extmap parse(String value) {
        String v = value.trim();
        int sp = v.indexOf(' ');
        if (sp < 0) {
            throw new IllegalArgumentException("extmap must be <id>[/<direction>] <uri>");
        }
        String idPart = v.substring(0, sp);
        String rest = v.substring(sp + 1).trim();
        Direction dir = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            String d = idPart.substring(slash + 1);
            dir = Direction.fromSdp(d)
                    .orElseThrow(() -> new IllegalArgumentException("extmap direction \"" + d + "\" is unknown"));
            idPart = idPart.substring(0, slash);
        }
        int id = SdpSyntax.intNumber(idPart, 0, 65535, "extmap id");
        int sp2 = rest.indexOf(' ');
        String uri = sp2 < 0 ? rest : rest.substring(0, sp2);
        String attrs = sp2 < 0 ? null : rest.substring(sp2 + 1).trim();
        return new Extmap(id, dir, uri, attrs == null || attrs.isEmpty() ? null : attrs);
    }

    /** The same extension with another direction ({@code null} for none). */
    public Extmap withDirection(Direction d) {
        return new Extmap(id, d, uri, attributes);
    }

    /** The attribute value. */
    public String toSdp() {
        return id + (direction == null ? "" : "/" + direction.sdpName()) + " " + uri
                + (attributes == null ? "" : " " + attributes);
    }
}
