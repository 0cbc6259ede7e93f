package io.github.wildfiresfu.media.sdp;

import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 §4.2): {@code FID} pairs a media SSRC
 * with its RTX SSRC (RFC 4588), {@code SIM} lists legacy simulcast layers from low to high,
 * {@code FEC-FR} pairs with FlexFEC.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    /** RTX pairing (RFC 5576 §4.2, RFC 4588). */
    public static final String FID = "FID";
    /** Chromium's legacy SSRC simulcast. */
    public static final String SIM = "SIM";

    public SsrcGroup {
        SdpSyntax.requireToken(semantics, "ssrc-group semantics");
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.isEmpty()) {
            throw new IllegalArgumentException("ssrc-group " + semantics + " lists no ssrc");
        }
        for (long s : ssrcs) {
            Ssrc.requireSsrc(s);
        }
        if (FID.equals(semantics) && ssrcs.size() != 2) {
            throw new IllegalArgumentException("ssrc-group FID must pair exactly 2 ssrcs, found " + ssrcs.size());
        }
    }

    /** Parses the attribute value. */
    public static SsrcGroup parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() < 2) {
            throw new IllegalArgumentException("ssrc-group must be <semantics> <ssrc>...");
        }
        return new SsrcGroup(f.get(0), f.subList(1, f.size()).stream()
                .map(s -> SdpSyntax.number(s, 0, 0xFFFF_FFFFL, "ssrc")).toList());
    }

    /** The attribute value. */
    public String toSdp() {
        StringBuilder sb = new StringBuilder(semantics);
        for (long s : ssrcs) {
            sb.append(' ').append(s);
        }
        return sb.toString();
    }
}
