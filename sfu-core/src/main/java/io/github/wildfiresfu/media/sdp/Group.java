package io.github.wildfiresfu.media.sdp;

import java.util.List;

/** {@code a=group:<semantics> <mid>...} (RFC 5888 §5), e.g. {@code BUNDLE 0 1 2} (RFC 8843). */
public record Group(String semantics, List<String> mids) {

    /** The BUNDLE semantics token. */
    public static final String BUNDLE = "BUNDLE";

    public Group {
        SdpSyntax.requireToken(semantics, "group semantics");
        mids = List.copyOf(mids);
        for (String mid : mids) {
            SdpSyntax.requireVisible(mid, "group mid");
        }
    }

    /** A BUNDLE group of these mids. */
    public static Group bundle(List<String> mids) {
        return new Group(BUNDLE, mids);
    }

    /** Parses the value of {@code a=group}. */
    public static Group parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.isEmpty()) {
            throw new IllegalArgumentException("group needs semantics");
        }
        return new Group(f.get(0), f.subList(1, f.size()));
    }

    /** True for {@code BUNDLE} (case-insensitive, as tokens are compared in RFC 5888). */
    public boolean isBundle() {
        return BUNDLE.equalsIgnoreCase(semantics);
    }

    /** The attribute value. */
    public String toSdp() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }
}
