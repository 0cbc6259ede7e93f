package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One m-line and everything under it (RFC 8866 §5.14). Attributes this package models have
 * their own components; all others stay in {@link #attributes()} in the order written, and
 * unknown line types in {@link #otherLines()}, so nothing is lost in a round trip.
 *
 * <p>Instances are immutable; build or change one with {@link #builder} / {@link #toBuilder}.
 * The constructor checks the invariants a writer relies on (RTP payload types are numbers
 * 0-127 and listed once, every codec's payload type is on the m-line, extmap ids and ssrcs are
 * unique, every simulcast rid has a matching {@code a=rid}) and throws
 * {@link IllegalArgumentException} otherwise.
 *
 * @param media the media token as written ({@code audio}, {@code video}, {@code application}, ...)
 * @param port 0-65535; 0 rejects or disables the m-line (RFC 3264 §6)
 * @param numberOfPorts the {@code /<n>} after the port, or 0 when absent
 * @param protocol e.g. {@code UDP/TLS/RTP/SAVPF}, {@code UDP/DTLS/SCTP}
 * @param formats the formats after the protocol, as written (payload types for RTP)
 * @param connection the m-line's {@code c=}, or {@code null}
 * @param bandwidths {@code b=} lines
 * @param otherLines {@code i=} and {@code k=} lines, kept as written
 * @param mid {@code a=mid}, or {@code null}
 * @param direction the direction attribute, or {@code null} when absent (sendrecv by default)
 * @param msids {@code a=msid} lines (RFC 8830)
 * @param iceUfrag media-level {@code a=ice-ufrag}, or {@code null}
 * @param icePwd media-level {@code a=ice-pwd}, or {@code null}
 * @param iceOptions media-level {@code a=ice-options} tokens
 * @param candidates {@code a=candidate} lines
 * @param endOfCandidates {@code a=end-of-candidates} present (RFC 8840)
 * @param fingerprints media-level {@code a=fingerprint} lines
 * @param setup media-level {@code a=setup}, or {@code null}
 * @param rtcpMux {@code a=rtcp-mux} (RFC 5761)
 * @param rtcpRsize {@code a=rtcp-rsize} (RFC 5506)
 * @param extmapAllowMixed media-level {@code a=extmap-allow-mixed} (RFC 8285 §6)
 * @param codecs payload types with an rtpmap, in the m-line's order
 * @param wildcardFeedback {@code a=rtcp-fb:* ...} values
 * @param extmaps {@code a=extmap} lines
 * @param ssrcs {@code a=ssrc} lines grouped by SSRC, in order of first appearance
 * @param ssrcGroups {@code a=ssrc-group} lines
 * @param rids {@code a=rid} lines
 * @param simulcast {@code a=simulcast}, or {@code null}
 * @param sctpPort {@code a=sctp-port} (RFC 8841), or -1
 * @param maxMessageSize {@code a=max-message-size} (RFC 8841), or -1
 * @param attributes all other attributes, in order
 */
public record MediaDescription(String media, int port, int numberOfPorts, String protocol, List<String> formats,
        Connection connection, List<Bandwidth> bandwidths, List<SdpLine> otherLines, String mid, Direction direction,
        List<Msid> msids, String iceUfrag, String icePwd, List<String> iceOptions, List<Candidate> candidates,
        boolean endOfCandidates, List<Fingerprint> fingerprints, Setup setup, boolean rtcpMux, boolean rtcpRsize,
        boolean extmapAllowMixed, List<Codec> codecs, List<String> wildcardFeedback, List<Extmap> extmaps,
        List<Ssrc> ssrcs, List<SsrcGroup> ssrcGroups, List<Rid> rids, Simulcast simulcast, int sctpPort,
        long maxMessageSize, List<Attribute> attributes) {

    /** The data channel format of {@code m=application} (RFC 8841 §4.1). */
    public static final String WEBRTC_DATACHANNEL = "webrtc-datachannel";

    public MediaDescription {
        if (media == null || media.isEmpty() || !media.chars().allMatch(c -> c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("media type \"" + media + "\" must be letters");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        if (numberOfPorts < 0 || numberOfPorts > 65535) {
            throw new IllegalArgumentException("number of ports " + numberOfPorts + " is out of range");
        }
        SdpSyntax.requireVisible(protocol, "protocol");
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("m=" + media + " lists no format");
        }
        boolean rtp = isRtpProtocol(protocol);
        Set<String> seen = new HashSet<>();
        for (String f : formats) {
            SdpSyntax.requireVisible(f, "format");
            if (rtp) {
                SdpSyntax.intNumber(f, 0, 127, "payload type");
            }
            if (!seen.add(rtp ? Integer.toString(Integer.parseInt(f)) : f)) {
                throw new IllegalArgumentException("format " + f + " is listed twice on the m-line");
            }
        }
        bandwidths = List.copyOf(bandwidths);
        otherLines = List.copyOf(otherLines);
        if (mid != null) {
            SdpSyntax.requireVisible(mid, "mid");
        }
        msids = List.copyOf(msids);
        if (iceUfrag != null) {
            SdpSyntax.requireIceUfrag(iceUfrag);
        }
        if (icePwd != null) {
            SdpSyntax.requireIcePwd(icePwd);
        }
        iceOptions = List.copyOf(iceOptions);
        iceOptions.forEach(o -> SdpSyntax.requireVisible(o, "ice-options"));
        candidates = List.copyOf(candidates);
        fingerprints = List.copyOf(fingerprints);
        codecs = List.copyOf(codecs);
        Set<Integer> codecPts = new HashSet<>();
        for (Codec c : codecs) {
            if (!rtp) {
                throw new IllegalArgumentException("codec " + c.name() + " on a non-RTP m-line (" + protocol + ")");
            }
            if (!seen.contains(Integer.toString(c.payloadType()))) {
                throw new IllegalArgumentException("payload type " + c.payloadType() + " (" + c.name()
                        + ") is not listed on the m-line");
            }
            if (!codecPts.add(c.payloadType())) {
                throw new IllegalArgumentException("payload type " + c.payloadType() + " has two codecs");
            }
        }
        wildcardFeedback = List.copyOf(wildcardFeedback);
        extmaps = List.copyOf(extmaps);
        Set<Integer> extIds = new HashSet<>();
        for (Extmap e : extmaps) {
            if (!extIds.add(e.id())) {
                throw new IllegalArgumentException("extmap id " + e.id() + " is used twice");
            }
        }
        ssrcs = List.copyOf(ssrcs);
        Set<Long> ssrcIds = new HashSet<>();
        for (Ssrc s : ssrcs) {
            if (!ssrcIds.add(s.ssrc())) {
                throw new IllegalArgumentException("ssrc " + s.ssrc() + " is listed twice");
            }
        }
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
        Set<String> ridIds = new HashSet<>();
        for (Rid r : rids) {
            if (!ridIds.add(r.id())) {
                throw new IllegalArgumentException("rid " + r.id() + " is declared twice");
            }
        }
        if (simulcast != null) {
            checkSimulcastRids(simulcast, rids);
        }
        if (sctpPort < -1 || sctpPort > 65535) {
            throw new IllegalArgumentException("sctp-port " + sctpPort + " is out of range 0-65535");
        }
        if (maxMessageSize < -1) {
            throw new IllegalArgumentException("max-message-size " + maxMessageSize + " is negative");
        }
        attributes = List.copyOf(attributes);
    }

    /** RFC 8853 §5.2: each rid in a simulcast list must have an {@code a=rid} of the same direction. */
    private static void checkSimulcastRids(Simulcast simulcast, List<Rid> rids) {
        for (int pass = 0; pass < 2; pass++) {
            boolean send = pass == 0;
            for (List<Simulcast.Alternative> stream : send ? simulcast.send() : simulcast.recv()) {
                for (Simulcast.Alternative alt : stream) {
                    boolean declared = rids.stream().anyMatch(r -> r.id().equals(alt.rid()) && r.send() == send);
                    if (!declared) {
                        throw new IllegalArgumentException("simulcast names rid " + alt.rid() + " which has no a=rid:"
                                + alt.rid() + (send ? " send" : " recv"));
                    }
                }
            }
        }
    }

    /** True when the protocol carries RTP, so the formats are payload types. */
    public static boolean isRtpProtocol(String protocol) {
        String p = protocol.toUpperCase(Locale.ROOT);
        return p.startsWith("RTP/") || p.contains("/RTP/");
    }

    /** A builder for an m-line of this media type, port, protocol and formats. */
    public static Builder builder(String media, int port, String protocol, List<String> formats) {
        return new Builder(media, port, protocol, formats);
    }

    /** A builder holding this description's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The media kind. */
    public MediaKind kind() {
        return MediaKind.fromSdp(media);
    }

    /** True when the formats are RTP payload types. */
    public boolean isRtp() {
        return isRtpProtocol(protocol);
    }

    /** True when port is 0: the m-line is rejected (in an answer) or disabled (in an offer). */
    public boolean isRejected() {
        return port == 0;
    }

    /** The direction, {@link Direction#SENDRECV} when none is written (RFC 8866 §6.7). */
    public Direction effectiveDirection() {
        return direction == null ? Direction.SENDRECV : direction;
    }

    /** The payload types of the m-line in order (empty for non-RTP m-lines). */
    public List<Integer> payloadTypes() {
        return isRtp() ? formats.stream().map(Integer::parseInt).toList() : List.of();
    }

    /**
     * The codec of a payload type: its rtpmap, or for a static payload type listed without one
     * (PCMU 0, PCMA 8, G722 9, ...) the RFC 3551 codec.
     */
    public Optional<Codec> codec(int payloadType) {
        for (Codec c : codecs) {
            if (c.payloadType() == payloadType) {
                return Optional.of(c);
            }
        }
        if (payloadTypes().contains(payloadType)) {
            return Codec.staticPayloadType(payloadType);
        }
        return Optional.empty();
    }

    /** Every named codec of the m-line in payload-type order, static ones included. */
    public List<Codec> allCodecs() {
        List<Codec> out = new ArrayList<>();
        for (int pt : payloadTypes()) {
            codec(pt).ifPresent(out::add);
        }
        return out;
    }

    /** The RTX payload type whose {@code apt} is this payload type (RFC 4588 §8.6), if offered. */
    public Optional<Codec> rtxFor(int payloadType) {
        return codecs.stream().filter(c -> c.isRtx() && c.apt().orElse(-1) == payloadType).findFirst();
    }

    /** The extmap with this URI, if present. */
    public Optional<Extmap> extmap(String uri) {
        return extmaps.stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    /** The source attributes of an SSRC, if listed. */
    public Optional<Ssrc> ssrc(long ssrc) {
        return ssrcs.stream().filter(s -> s.ssrc() == ssrc).findFirst();
    }

    /** The first ssrc-group with these semantics (e.g. {@link SsrcGroup#SIM}), if any. */
    public Optional<SsrcGroup> ssrcGroup(String semantics) {
        return ssrcGroups.stream().filter(g -> g.semantics().equals(semantics)).findFirst();
    }

    /** The first other attribute with this name, if any. */
    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The first {@code a=msid}, or else the first msid of an {@code a=ssrc} line. */
    public Optional<Msid> msid() {
        if (!msids.isEmpty()) {
            return Optional.of(msids.get(0));
        }
        return ssrcs.stream().map(Ssrc::msid).flatMap(Optional::stream).findFirst();
    }

    /**
     * A mutable builder of {@link MediaDescription}. Setters return the builder; lists passed in
     * are copied by {@link #build()}.
     */
    public static final class Builder {
        private String media;
        private int port;
        private int numberOfPorts;
        private String protocol;
        private List<String> formats;
        private Connection connection;
        private List<Bandwidth> bandwidths = new ArrayList<>();
        private List<SdpLine> otherLines = new ArrayList<>();
        private String mid;
        private Direction direction;
        private List<Msid> msids = new ArrayList<>();
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = new ArrayList<>();
        private List<Candidate> candidates = new ArrayList<>();
        private boolean endOfCandidates;
        private List<Fingerprint> fingerprints = new ArrayList<>();
        private Setup setup;
        private boolean rtcpMux;
        private boolean rtcpRsize;
        private boolean extmapAllowMixed;
        private List<Codec> codecs = new ArrayList<>();
        private List<String> wildcardFeedback = new ArrayList<>();
        private List<Extmap> extmaps = new ArrayList<>();
        private List<Ssrc> ssrcs = new ArrayList<>();
        private List<SsrcGroup> ssrcGroups = new ArrayList<>();
        private List<Rid> rids = new ArrayList<>();
        private Simulcast simulcast;
        private int sctpPort = -1;
        private long maxMessageSize = -1;
        private List<Attribute> attributes = new ArrayList<>();

        Builder(String media, int port, String protocol, List<String> formats) {
            this.media = media;
            this.port = port;
            this.protocol = protocol;
            this.formats = new ArrayList<>(formats);
        }

        Builder(MediaDescription m) {
            media = m.media;
            port = m.port;
            numberOfPorts = m.numberOfPorts;
            protocol = m.protocol;
            formats = new ArrayList<>(m.formats);
            connection = m.connection;
            bandwidths = new ArrayList<>(m.bandwidths);
            otherLines = new ArrayList<>(m.otherLines);
            mid = m.mid;
            direction = m.direction;
            msids = new ArrayList<>(m.msids);
            iceUfrag = m.iceUfrag;
            icePwd = m.icePwd;
            iceOptions = new ArrayList<>(m.iceOptions);
            candidates = new ArrayList<>(m.candidates);
            endOfCandidates = m.endOfCandidates;
            fingerprints = new ArrayList<>(m.fingerprints);
            setup = m.setup;
            rtcpMux = m.rtcpMux;
            rtcpRsize = m.rtcpRsize;
            extmapAllowMixed = m.extmapAllowMixed;
            codecs = new ArrayList<>(m.codecs);
            wildcardFeedback = new ArrayList<>(m.wildcardFeedback);
            extmaps = new ArrayList<>(m.extmaps);
            ssrcs = new ArrayList<>(m.ssrcs);
            ssrcGroups = new ArrayList<>(m.ssrcGroups);
            rids = new ArrayList<>(m.rids);
            simulcast = m.simulcast;
            sctpPort = m.sctpPort;
            maxMessageSize = m.maxMessageSize;
            attributes = new ArrayList<>(m.attributes);
        }

        public Builder media(String v) {
            media = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder numberOfPorts(int v) {
            numberOfPorts = v;
            return this;
        }

        public Builder protocol(String v) {
            protocol = v;
            return this;
        }

        public Builder formats(List<String> v) {
            formats = new ArrayList<>(v);
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

        public Builder mid(String v) {
            mid = v;
            return this;
        }

        public Builder direction(Direction v) {
            direction = v;
            return this;
        }

        public Builder msids(List<Msid> v) {
            msids = new ArrayList<>(v);
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

        public Builder candidates(List<Candidate> v) {
            candidates = new ArrayList<>(v);
            return this;
        }

        public Builder endOfCandidates(boolean v) {
            endOfCandidates = v;
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

        public Builder rtcpMux(boolean v) {
            rtcpMux = v;
            return this;
        }

        public Builder rtcpRsize(boolean v) {
            rtcpRsize = v;
            return this;
        }

        public Builder extmapAllowMixed(boolean v) {
            extmapAllowMixed = v;
            return this;
        }

        public Builder codecs(List<Codec> v) {
            codecs = new ArrayList<>(v);
            return this;
        }

        public Builder addCodec(Codec v) {
            codecs.add(v);
            return this;
        }

        public Builder wildcardFeedback(List<String> v) {
            wildcardFeedback = new ArrayList<>(v);
            return this;
        }

        public Builder extmaps(List<Extmap> v) {
            extmaps = new ArrayList<>(v);
            return this;
        }

        public Builder ssrcs(List<Ssrc> v) {
            ssrcs = new ArrayList<>(v);
            return this;
        }

        public Builder ssrcGroups(List<SsrcGroup> v) {
            ssrcGroups = new ArrayList<>(v);
            return this;
        }

        public Builder rids(List<Rid> v) {
            rids = new ArrayList<>(v);
            return this;
        }

        public Builder simulcast(Simulcast v) {
            simulcast = v;
            return this;
        }

        public Builder sctpPort(int v) {
            sctpPort = v;
            return this;
        }

        public Builder maxMessageSize(long v) {
            maxMessageSize = v;
            return this;
        }

        public Builder attributes(List<Attribute> v) {
            attributes = new ArrayList<>(v);
            return this;
        }

        public Builder addAttribute(Attribute v) {
            attributes.add(v);
            return this;
        }

        /** The description; throws {@link IllegalArgumentException} if an invariant does not hold. */
        public MediaDescription build() {
            return new MediaDescription(media, port, numberOfPorts, protocol, formats, connection, bandwidths,
                    otherLines, mid, direction, msids, iceUfrag, icePwd, iceOptions, candidates, endOfCandidates,
                    fingerprints, setup, rtcpMux, rtcpRsize, extmapAllowMixed, codecs, wildcardFeedback, extmaps,
                    ssrcs, ssrcGroups, rids, simulcast, sctpPort, maxMessageSize, attributes);
        }
    }
}
