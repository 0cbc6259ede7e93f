package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A whole session description (RFC 8866 §5): the session-level lines and the m-lines in order.
 * Attributes this package models have their own components; all others stay in
 * {@link #attributes()} in the order written, and unknown line types in {@link #otherLines()}.
 *
 * <p>Instances are immutable; build or change one with {@link #builder} / {@link #toBuilder}.
 * The constructor checks that mids are unique and that every mid of a BUNDLE group names an
 * m-line (RFC 8843 §7), and throws {@link IllegalArgumentException} otherwise.
 *
 * @param version the {@code v=} value (always 0)
 * @param origin {@code o=}
 * @param sessionName {@code s=} ({@code -} in WebRTC)
 * @param timing {@code t=}
 * @param connection session-level {@code c=}, or {@code null}
 * @param bandwidths session-level {@code b=}
 * @param otherLines {@code i= u= e= p= r= z= k=} lines, kept as written
 * @param groups {@code a=group} lines
 * @param iceLite {@code a=ice-lite} (RFC 8839 §5.3)
 * @param iceUfrag session-level {@code a=ice-ufrag}, or {@code null}
 * @param icePwd session-level {@code a=ice-pwd}, or {@code null}
 * @param iceOptions session-level {@code a=ice-options} tokens
 * @param fingerprints session-level {@code a=fingerprint} lines
 * @param setup session-level {@code a=setup}, or {@code null}
 * @param msidSemantic {@code a=msid-semantic}, or {@code null}
 * @param extmapAllowMixed session-level {@code a=extmap-allow-mixed} (RFC 8285 §6)
 * @param extmaps session-level {@code a=extmap} lines
 * @param attributes all other session-level attributes, in order
 * @param media the m-lines in order; the index in this list is the mindex
 */
public record SessionDescription(int version, Origin origin, String sessionName, Timing timing,
        Connection connection, List<Bandwidth> bandwidths, List<SdpLine> otherLines, List<Group> groups,
        boolean iceLite, String iceUfrag, String icePwd, List<String> iceOptions, List<Fingerprint> fingerprints,
        Setup setup, MsidSemantic msidSemantic, boolean extmapAllowMixed, List<Extmap> extmaps,
        List<Attribute> attributes, List<MediaDescription> media) {

    public SessionDescription {
        if (version != 0) {
            throw new IllegalArgumentException("v=" + version + " is not supported; only v=0 exists");
        }
        SdpSyntax.nonNull(origin, "o= line");
        SdpSyntax.requireText(SdpSyntax.nonNull(sessionName, "s= line"), "s= line");
        SdpSyntax.nonNull(timing, "t= line");
        bandwidths = List.copyOf(bandwidths);
        otherLines = List.copyOf(otherLines);
        groups = List.copyOf(groups);
        if (iceUfrag != null) {
            SdpSyntax.requireIceUfrag(iceUfrag);
        }
        if (icePwd != null) {
            SdpSyntax.requireIcePwd(icePwd);
        }
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        extmaps = List.copyOf(extmaps);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
        String problem = midProblem(groups, media);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why the mids of these m-lines and groups are inconsistent, or null when they are fine. */
    static String midProblem(List<Group> groups, List<MediaDescription> media) {
        Set<String> mids = new HashSet<>();
        for (MediaDescription m : media) {
            if (m.mid() != null && !mids.add(m.mid())) {
                return "mid " + m.mid() + " is used by two m-lines (RFC 5888 §4)";
            }
        }
        for (Group g : groups) {
            Set<String> inGroup = new HashSet<>();
            for (String mid : g.mids()) {
                if (!mids.contains(mid)) {
                    return "group " + g.semantics() + " names mid " + mid + " which no m-line has";
                }
                if (!inGroup.add(mid)) {
                    return "group " + g.semantics() + " names mid " + mid + " twice";
                }
            }
        }
        return null;
    }

    /** A builder with the mandatory lines; {@code t=0 0} and no m-lines. */
    public static Builder builder(Origin origin, String sessionName) {
        return new Builder(origin, sessionName);
    }

    /** A builder holding this description's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The first BUNDLE group, if any. */
    public Optional<Group> bundleGroup() {
        return groups.stream().filter(Group::isBundle).findFirst();
    }

    /** The m-line with this mid, if any. */
    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream().filter(m -> mid.equals(m.mid())).findFirst();
    }

    /** The ICE username fragment that applies to an m-line: its own, else the session's (RFC 8839 §5.4). */
    public Optional<String> iceUfragFor(MediaDescription m) {
        return Optional.ofNullable(m.iceUfrag() != null ? m.iceUfrag() : iceUfrag);
    }

    /** The ICE password that applies to an m-line. */
    public Optional<String> icePwdFor(MediaDescription m) {
        return Optional.ofNullable(m.icePwd() != null ? m.icePwd() : icePwd);
    }

    /** The fingerprints that apply to an m-line: its own, else the session's (RFC 8122 §5). */
    public List<Fingerprint> fingerprintsFor(MediaDescription m) {
        return m.fingerprints().isEmpty() ? fingerprints : m.fingerprints();
    }

    /** The setup role that applies to an m-line, if written at either level. */
    public Optional<Setup> setupFor(MediaDescription m) {
        return Optional.ofNullable(m.setup() != null ? m.setup() : setup);
    }

    /** The first other session-level attribute with this name, if any. */
    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** A mutable builder of {@link SessionDescription}. */
    public static final class Builder {
        private Origin origin;
        private String sessionName;
        private Timing timing = Timing.UNBOUNDED;
        private Connection connection;
        private List<Bandwidth> bandwidths = new ArrayList<>();
        private List<SdpLine> otherLines = new ArrayList<>();
        private List<Group> groups = new ArrayList<>();
        private boolean iceLite;
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = new ArrayList<>();
        private List<Fingerprint> fingerprints = new ArrayList<>();
        private Setup setup;
        private MsidSemantic msidSemantic;
        private boolean extmapAllowMixed;
        private List<Extmap> extmaps = new ArrayList<>();
        private List<Attribute> attributes = new ArrayList<>();
        private List<MediaDescription> media = new ArrayList<>();

        Builder(Origin origin, String sessionName) {
            this.origin = origin;
            this.sessionName = sessionName;
        }

        Builder(SessionDescription s) {
            origin = s.origin;
            sessionName = s.sessionName;
            timing = s.timing;
            connection = s.connection;
            bandwidths = new ArrayList<>(s.bandwidths);
            otherLines = new ArrayList<>(s.otherLines);
            groups = new ArrayList<>(s.groups);
            iceLite = s.iceLite;
            iceUfrag = s.iceUfrag;
            icePwd = s.icePwd;
            iceOptions = new ArrayList<>(s.iceOptions);
            fingerprints = new ArrayList<>(s.fingerprints);
            setup = s.setup;
            msidSemantic = s.msidSemantic;
            extmapAllowMixed = s.extmapAllowMixed;
            extmaps = new ArrayList<>(s.extmaps);
            attributes = new ArrayList<>(s.attributes);
            media = new ArrayList<>(s.media);
        }

        public Builder origin(Origin v) {
            origin = v;
            return this;
        }

        public Builder sessionName(String v) {
            sessionName = v;
            return this;
        }

        public Builder timing(Timing v) {
            timing = v;
            return this;
        }

        public Builder connection(Connection v) {
            connection = v;
            return this;
        }

        public Builder bandwidths(List<Bandwidth> v) {
            bandwidths = new ArrayList<>(v);
            return this;
        }

        public Builder otherLines(List<SdpLine> v) {
            otherLines = new ArrayList<>(v);
            return this;
        }

        public Builder groups(List<Group> v) {
            groups = new ArrayList<>(v);
            return this;
        }

        public Builder iceLite(boolean v) {
            iceLite = v;
            return this;
        }

        public Builder iceUfrag(String v) {
            iceUfrag = v;
            return this;
        }

        public Builder icePwd(String v) {
            icePwd = v;
            return this;
        }

        public Builder iceOptions(List<String> v) {
            iceOptions = new ArrayList<>(v);
            return this;
        }

        public Builder fingerprints(List<Fingerprint> v) {
            fingerprints = new ArrayList<>(v);
            return this;
        }

        public Builder setup(Setup v) {
            setup = v;
            return this;
        }

        public Builder msidSemantic(MsidSemantic v) {
            msidSemantic = v;
            return this;
        }

        public Builder extmapAllowMixed(boolean v) {
            extmapAllowMixed = v;
            return this;
        }

        public Builder extmaps(List<Extmap> v) {
            extmaps = new ArrayList<>(v);
            return this;
        }

        public Builder attributes(List<Attribute> v) {
            attributes = new ArrayList<>(v);
            return this;
        }

        public Builder media(List<MediaDescription> v) {
            media = new ArrayList<>(v);
            return this;
        }

        public Builder addMedia(MediaDescription v) {
            media.add(v);
            return this;
        }

        /** The description; throws {@link IllegalArgumentException} if an invariant does not hold. */
        public SessionDescription build() {
            return new SessionDescription(0, origin, sessionName, timing, connection, bandwidths, otherLines, groups,
                    iceLite, iceUfrag, icePwd, iceOptions, fingerprints, setup, msidSemantic, extmapAllowMixed,
                    extmaps, attributes, media);
        }
    }
}
