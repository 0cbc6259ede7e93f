package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses SDP text into a {@link SessionDescription}.
 *
 * <p>Strict where a mistake would break the media path, lenient like browsers elsewhere:
 * <ul>
 * <li>Lines end in CRLF or LF; blank lines are skipped (Janus's {@code janus_sdp_parse} does
 * the same). The text must start with {@code v=0}; {@code o=} and {@code s=} must appear once
 * each; {@code t=} may be missing (then {@code t=0 0}).</li>
 * <li>An unknown line type letter is an error, as RFC 8866 §5 requires; {@code i= u= e= p= r= z=
 * k=} are kept as written.</li>
 * <li>Unknown attributes are kept in order. Known attributes are checked: numbers in range,
 * payload types 0-127 and listed on the m-line (an {@code a=rtpmap} for another payload type is
 * an error), a dynamic payload type (35 and up) of an active RTP m-line must have an rtpmap,
 * extmap ids unique, ICE credentials per RFC 8839 §5.4, fingerprints as hex byte pairs of the
 * hash's length (RFC 8122), simulcast rids declared by {@code a=rid} (RFC 8853), mids unique and
 * BUNDLE mids existing (RFC 8843). Singletons ({@code a=mid}, {@code a=setup}, a direction, ...)
 * may appear once per level.</li>
 * <li>An {@code a=fmtp} or {@code a=rtcp-fb} for a payload type without an rtpmap is kept as an
 * unknown attribute (browsers ignore them).</li>
 * </ul>
 *
 * <p>Input is bounded ({@value #MAX_CHARS} characters, {@value #MAX_LINES} lines,
 * {@value #MAX_MEDIA} m-lines, {@value #MAX_LINE_LENGTH} characters a line) and parsing is
 * linear, so hostile input can neither exhaust memory nor hang. Every refusal is an
 * {@link SdpParseException} naming the line; no other exception escapes.
 */
public final class SdpParser {

    /** Longest SDP accepted: a 3-stream Chromium offer with candidates is about 13 000 characters. */
    public static final int MAX_CHARS = 256 * 1024;
    /** Most lines accepted. */
    public static final int MAX_LINES = 8192;
    /** Longest line accepted. */
    public static final int MAX_LINE_LENGTH = 4096;
    /** Most m-lines accepted (a subscriber of many feeds answers one m-line per stream). */
    public static final int MAX_MEDIA = 256;

    private SdpParser() {
    }

    /**
     * Parses SDP text.
     *
     * @throws SdpParseException when the text is not acceptable SDP; the message names the line
     */
    public static SessionDescription parse(String sdp) {
        if (sdp == null) {
            throw new SdpParseException(0, "SDP is missing", null);
        }
        if (sdp.length() > MAX_CHARS) {
            throw new SdpParseException(0, "SDP is " + sdp.length() + " characters; the limit is " + MAX_CHARS, null);
        }
        return new Parser().run(sdp);
    }

    /** Parse state for one text. */
    private static final class Parser {
        private int lineNo;
        private String line;
        private boolean sawVersion;
        private Origin origin;
        private String sessionName;
        private Timing timing;
        private Connection connection;
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();
        private final List<Group> groups = new ArrayList<>();
        private final List<Integer> groupLines = new ArrayList<>();
        private boolean iceLite;
        private String iceUfrag;
        private String icePwd;
        private final List<String> iceOptions = new ArrayList<>();
        private final List<Fingerprint> fingerprints = new ArrayList<>();
        private Setup setup;
        private MsidSemantic msidSemantic;
        private boolean extmapAllowMixed;
        private final List<Extmap> extmaps = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();
        private final Set<String> mids = new HashSet<>();
        private MediaState current;

        SessionDescription run(String sdp) {
            int pos = 0;
            int n = sdp.length();
            while (pos <= n) {
                int nl = sdp.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                String raw = sdp.substring(pos, end);
                pos = end + 1;
                if (nl < 0 && raw.isEmpty()) {
                    break;
                }
                lineNo++;
                if (lineNo > MAX_LINES) {
                    throw new SdpParseException(lineNo, "SDP has more than " + MAX_LINES + " lines", null);
                }
                line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    parseLine();
                } catch (IllegalArgumentException e) {
                    throw new SdpParseException(lineNo, e.getMessage(), line);
                }
                if (nl < 0) {
                    break;
                }
            }
            if (!sawVersion) {
                throw new SdpParseException(0, "SDP is empty; it must start with v=0", null);
            }
            finishMedia();
            if (origin == null) {
                throw new SdpParseException(0, "SDP has no o= line", null);
            }
            if (sessionName == null) {
                throw new SdpParseException(0, "SDP has no s= line", null);
            }
            for (int i = 0; i < groups.size(); i++) {
                Group g = groups.get(i);
                Set<String> inGroup = new HashSet<>();
                for (String mid : g.mids()) {
                    if (!mids.contains(mid)) {
                        throw new SdpParseException(groupLines.get(i), "group " + g.semantics() + " names mid " + mid
                                + " which no m-line has", null);
                    }
                    if (!inGroup.add(mid)) {
                        throw new SdpParseException(groupLines.get(i), "group " + g.semantics() + " names mid " + mid
                                + " twice", null);
                    }
                }
            }
            try {
                return new SessionDescription(0, origin, sessionName, timing == null ? Timing.UNBOUNDED : timing,
                        connection, bandwidths, otherLines, groups, iceLite, iceUfrag, icePwd, iceOptions,
                        fingerprints, setup, msidSemantic, extmapAllowMixed, extmaps, attributes, media);
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(0, e.getMessage(), null);
            }
        }

        private void parseLine() {
            if (line.length() > MAX_LINE_LENGTH) {
                throw new IllegalArgumentException("line is " + line.length() + " characters; the limit is "
                        + MAX_LINE_LENGTH);
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new IllegalArgumentException("not a <type>=<value> line");
            }
            if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("line contains a bare CR or a NUL");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v') {
                    throw new IllegalArgumentException("SDP must start with v=0");
                }
                if (!"0".equals(value.trim())) {
                    throw new IllegalArgumentException("v=" + value + " is not supported; only v=0 exists");
                }
                sawVersion = true;
                return;
            }
            if (current != null) {
                parseMediaLine(type, value);
            } else {
                parseSessionLine(type, value);
            }
        }

        private void parseSessionLine(char type, String value) {
            switch (type) {
                case 'v':
                    throw new IllegalArgumentException("second v= line");
                case 'o':
                    if (origin != null) {
                        throw new IllegalArgumentException("second o= line");
                    }
                    origin = Origin.parse(value);
                    break;
                case 's':
                    if (sessionName != null) {
                        throw new IllegalArgumentException("second s= line");
                    }
                    sessionName = value;
                    break;
                case 't':
                    if (timing == null) {
                        timing = Timing.parse(value);
                    } else {
                        Timing.parse(value);
                        otherLines.add(new SdpLine(type, value));
                    }
                    break;
                case 'c':
                    if (connection != null) {
                        throw new IllegalArgumentException("second session-level c= line");
                    }
                    connection = Connection.parse(value);
                    break;
                case 'b':
                    bandwidths.add(Bandwidth.parse(value));
                    break;
                case 'i':
                case 'u':
                case 'e':
                case 'p':
                case 'r':
                case 'z':
                case 'k':
                    otherLines.add(new SdpLine(type, value));
                    break;
                case 'm':
                    startMedia(value);
                    break;
                case 'a':
                    parseSessionAttribute(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown line type '" + type + "' (RFC 8866 §5)");
            }
        }

        private void parseSessionAttribute(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String v = colon < 0 ? null : value.substring(colon + 1);
            switch (name) {
                case "group":
                    groups.add(Group.parse(required(name, v)));
                    groupLines.add(lineNo);
                    break;
                case "ice-lite":
                    flag(name, v);
                    iceLite = true;
                    break;
                case "ice-ufrag":
                    iceUfrag = once(name, iceUfrag, SdpSyntax.requireIceUfrag(required(name, v)));
                    break;
                case "ice-pwd":
                    icePwd = once(name, icePwd, SdpSyntax.requireIcePwd(required(name, v)));
                    break;
                case "ice-options":
                    iceOptions.addAll(SdpSyntax.fields(required(name, v)));
                    break;
                case "fingerprint":
                    fingerprints.add(Fingerprint.parse(required(name, v)));
                    break;
                case "setup":
                    setup = once(name, setup, parseSetup(required(name, v)));
                    break;
                case "msid-semantic":
                    msidSemantic = once(name, msidSemantic, MsidSemantic.parse(required(name, v)));
                    break;
                case "extmap-allow-mixed":
                    flag(name, v);
                    extmapAllowMixed = true;
                    break;
                case "extmap":
                    addExtmap(extmaps, Extmap.parse(required(name, v)));
                    break;
                default:
                    attributes.add(new Attribute(name, v));
            }
        }

        private void startMedia(String value) {
            finishMedia();
            if (media.size() >= MAX_MEDIA) {
                throw new IllegalArgumentException("SDP has more than " + MAX_MEDIA + " m-lines");
            }
            var f = SdpSyntax.fields(value);
            if (f.size() < 4) {
                throw new IllegalArgumentException("m= needs <media> <port> <proto> <fmt>..., found " + f.size()
                        + " fields");
            }
            String portField = f.get(1);
            int slash = portField.indexOf('/');
            int port = SdpSyntax.intNumber(slash < 0 ? portField : portField.substring(0, slash), 0, 65535, "port");
            int count = slash < 0 ? 0 : SdpSyntax.intNumber(portField.substring(slash + 1), 1, 65535, "port count");
            String proto = f.get(2);
            List<String> formats = f.subList(3, f.size());
            if (MediaDescription.isRtpProtocol(proto)) {
                Set<Integer> pts = new HashSet<>();
                for (String fmt : formats) {
                    int pt = SdpSyntax.intNumber(fmt, 0, 127, "payload type");
                    if (!pts.add(pt)) {
                        throw new IllegalArgumentException("payload type " + pt + " is listed twice");
                    }
                }
            }
            // Build once now so a bad media token or format fails on the m= line itself.
            MediaDescription.Builder builder = MediaDescription.builder(f.get(0), port, proto, formats)
                    .numberOfPorts(count);
            builder.build();
            current = new MediaState(lineNo, line, builder, port, MediaDescription.isRtpProtocol(proto), formats);
        }

        private void parseMediaLine(char type, String value) {
            switch (type) {
                case 'm':
                    startMedia(value);
                    break;
                case 'c':
                    if (current.connection != null) {
                        throw new IllegalArgumentException("second c= line in this m= section");
                    }
                    current.connection = Connection.parse(value);
                    current.builder.connection(current.connection);
                    break;
                case 'b':
                    current.bandwidths.add(Bandwidth.parse(value));
                    break;
                case 'i':
                case 'k':
                    current.otherLines.add(new SdpLine(type, value));
                    break;
                case 'a':
                    parseMediaAttribute(value);
                    break;
                case 'v':
                case 'o':
                case 's':
                case 't':
                case 'u':
                case 'e':
                case 'p':
                case 'r':
                case 'z':
                    throw new IllegalArgumentException(type + "= is a session-level line; it cannot follow m=");
                default:
                    throw new IllegalArgumentException("unknown line type '" + type + "' (RFC 8866 §5)");
            }
        }

        private void parseMediaAttribute(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String v = colon < 0 ? null : value.substring(colon + 1);
            MediaState m = current;
            var direction = Direction.fromSdp(name);
            if (direction.isPresent()) {
                flag(name, v);
                m.direction = once("direction", m.direction, direction.get());
                return;
            }
            switch (name) {
                case "mid": {
                    String mid = required(name, v);
                    SdpSyntax.requireVisible(mid, "mid");
                    m.mid = once(name, m.mid, mid);
                    if (!mids.add(mid)) {
                        throw new IllegalArgumentException("mid " + mid + " is used by two m-lines (RFC 5888 §4)");
                    }
                    break;
                }
                case "msid":
                    m.msids.add(Msid.parse(required(name, v)));
                    break;
                case "ice-ufrag":
                    m.iceUfrag = once(name, m.iceUfrag, SdpSyntax.requireIceUfrag(required(name, v)));
                    break;
                case "ice-pwd":
                    m.icePwd = once(name, m.icePwd, SdpSyntax.requireIcePwd(required(name, v)));
                    break;
                case "ice-options":
                    m.iceOptions.addAll(SdpSyntax.fields(required(name, v)));
                    break;
                case "candidate":
                    m.candidates.add(Candidate.parse(required(name, v)));
                    break;
                case "end-of-candidates":
                    flag(name, v);
                    m.endOfCandidates = true;
                    break;
                case "fingerprint":
                    m.fingerprints.add(Fingerprint.parse(required(name, v)));
                    break;
                case "setup":
                    m.setup = once(name, m.setup, parseSetup(required(name, v)));
                    break;
                case "rtcp-mux":
                    flag(name, v);
                    m.builder.rtcpMux(true);
                    break;
                case "rtcp-rsize":
                    flag(name, v);
                    m.builder.rtcpRsize(true);
                    break;
                case "extmap-allow-mixed":
                    flag(name, v);
                    m.builder.extmapAllowMixed(true);
                    break;
                case "rtpmap":
                    parseRtpmap(m, required(name, v));
                    break;
                case "fmtp":
                    parseFmtp(m, required(name, v), name, v);
                    break;
                case "rtcp-fb":
                    parseRtcpFb(m, required(name, v), name, v);
                    break;
                case "extmap":
                    addExtmap(m.extmaps, Extmap.parse(required(name, v)));
                    break;
                case "ssrc":
                    parseSsrc(m, required(name, v));
                    break;
                case "ssrc-group":
                    m.ssrcGroups.add(SsrcGroup.parse(required(name, v)));
                    break;
                case "rid": {
                    Rid rid = Rid.parse(required(name, v));
                    if (m.rids.stream().anyMatch(r -> r.id().equals(rid.id()))) {
                        throw new IllegalArgumentException("rid " + rid.id() + " is declared twice");
                    }
                    m.rids.add(rid);
                    break;
                }
                case "simulcast":
                    m.simulcast = once(name, m.simulcast, Simulcast.parse(required(name, v)));
                    m.simulcastLine = lineNo;
                    break;
                case "sctp-port":
                    m.sctpPort = once(name, m.sctpPort < 0 ? null : m.sctpPort,
                            SdpSyntax.intNumber(required(name, v).trim(), 0, 65535, "sctp-port"));
                    break;
                case "max-message-size":
                    m.maxMessageSize = once(name, m.maxMessageSize < 0 ? null : m.maxMessageSize,
                            SdpSyntax.number(required(name, v).trim(), 0, Long.MAX_VALUE, "max-message-size"));
                    break;
                default:
                    m.attributes.add(new Attribute(name, v));
            }
        }

        private void parseRtpmap(MediaState m, String v) {
            if (!m.rtp) {
                m.attributes.add(new Attribute("rtpmap", v));
                return;
            }
            int sp = v.indexOf(' ');
            if (sp < 0) {
                throw new IllegalArgumentException("rtpmap must be <pt> <name>/<clock rate>[/<channels>]");
            }
            int pt = SdpSyntax.intNumber(v.substring(0, sp), 0, 127, "payload type");
            if (!m.payloadTypes.contains(pt)) {
                throw new IllegalArgumentException("rtpmap for payload type " + pt + " which is not on the m= line");
            }
            if (m.rtpmaps.containsKey(pt)) {
                throw new IllegalArgumentException("second rtpmap for payload type " + pt);
            }
            m.rtpmaps.put(pt, Codec.fromRtpmap(pt, v.substring(sp + 1)));
        }

        private void parseFmtp(MediaState m, String v, String name, String raw) {
            int sp = v.indexOf(' ');
            String fmt = sp < 0 ? v : v.substring(0, sp);
            Integer pt = m.rtp ? payloadTypeOrNull(fmt) : null;
            if (pt == null || !m.payloadTypes.contains(pt)) {
                m.attributes.add(new Attribute(name, raw));
                return;
            }
            if (m.fmtps.containsKey(pt)) {
                throw new IllegalArgumentException("second fmtp for payload type " + pt);
            }
            String params = sp < 0 ? "" : v.substring(sp + 1);
            m.fmtps.put(pt, new Attribute(name, raw));
            m.fmtpValues.put(pt, params);
        }

        private void parseRtcpFb(MediaState m, String v, String name, String raw) {
            int sp = v.indexOf(' ');
            if (sp < 0 || v.substring(sp + 1).isBlank()) {
                throw new IllegalArgumentException("rtcp-fb must be <pt|*> <type> [<parameter>]");
            }
            String fmt = v.substring(0, sp);
            String fb = v.substring(sp + 1).trim();
            if ("*".equals(fmt)) {
                m.wildcardFeedback.add(fb);
                return;
            }
            Integer pt = m.rtp ? payloadTypeOrNull(fmt) : null;
            if (pt == null || !m.payloadTypes.contains(pt)) {
                m.attributes.add(new Attribute(name, raw));
                return;
            }
            m.feedback.computeIfAbsent(pt, k -> new ArrayList<>()).add(new Attribute(name, fb));
        }

        private static Integer payloadTypeOrNull(String fmt) {
            try {
                return SdpSyntax.intNumber(fmt, 0, 127, "payload type");
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private void parseSsrc(MediaState m, String v) {
            int sp = v.indexOf(' ');
            if (sp < 0 || v.substring(sp + 1).isBlank()) {
                throw new IllegalArgumentException("ssrc must be <ssrc> <attribute>[:<value>]");
            }
            long ssrc = SdpSyntax.number(v.substring(0, sp), 0, 0xFFFF_FFFFL, "ssrc");
            String attr = v.substring(sp + 1).trim();
            int colon = attr.indexOf(':');
            Attribute a = colon < 0 ? new Attribute(attr, null)
                    : new Attribute(attr.substring(0, colon), attr.substring(colon + 1));
            m.ssrcs.computeIfAbsent(ssrc, k -> new ArrayList<>()).add(a);
        }

        private void finishMedia() {
            MediaState m = current;
            if (m == null) {
                return;
            }
            current = null;
            List<Codec> codecs = new ArrayList<>();
            for (int pt : m.payloadTypeOrder) {
                Codec c = m.rtpmaps.get(pt);
                if (c == null) {
                    if (pt >= 35 && m.port() > 0) {
                        throw new SdpParseException(m.lineNo, "payload type " + pt
                                + " has no a=rtpmap (dynamic payload types need one, RFC 8866 §6.6)", m.line);
                    }
                    // A static payload type: its fmtp and rtcp-fb lines stay unmodelled.
                    if (m.fmtps.containsKey(pt)) {
                        m.attributes.add(m.fmtps.get(pt));
                    }
                    for (Attribute fb : m.feedback.getOrDefault(pt, List.of())) {
                        m.attributes.add(new Attribute("rtcp-fb", pt + " " + fb.value()));
                    }
                    continue;
                }
                List<String> fb = m.feedback.getOrDefault(pt, List.of()).stream().map(Attribute::value).toList();
                codecs.add(new Codec(pt, c.name(), c.clockRate(), c.channels(), m.fmtpValues.get(pt), fb));
            }
            List<Ssrc> ssrcs = new ArrayList<>();
            m.ssrcs.forEach((id, attrs) -> ssrcs.add(new Ssrc(id, attrs)));
            try {
                media.add(m.builder.bandwidths(m.bandwidths).otherLines(m.otherLines).mid(m.mid).direction(m.direction)
                        .msids(m.msids).iceUfrag(m.iceUfrag).icePwd(m.icePwd).iceOptions(m.iceOptions)
                        .candidates(m.candidates).endOfCandidates(m.endOfCandidates).fingerprints(m.fingerprints)
                        .setup(m.setup).codecs(codecs).wildcardFeedback(m.wildcardFeedback).extmaps(m.extmaps)
                        .ssrcs(ssrcs).ssrcGroups(m.ssrcGroups).rids(m.rids).simulcast(m.simulcast)
                        .sctpPort(m.sctpPort).maxMessageSize(m.maxMessageSize).attributes(m.attributes).build());
            } catch (IllegalArgumentException e) {
                boolean simulcastProblem = m.simulcastLine > 0 && e.getMessage().startsWith("simulcast");
                throw new SdpParseException(simulcastProblem ? m.simulcastLine : m.lineNo, e.getMessage(),
                        simulcastProblem ? null : m.line);
            }
        }

        private static void addExtmap(List<Extmap> list, Extmap e) {
            for (Extmap x : list) {
                if (x.id() == e.id()) {
                    throw new IllegalArgumentException("extmap id " + e.id() + " is already used by " + x.uri());
                }
            }
            list.add(e);
        }

        private static Setup parseSetup(String v) {
            return Setup.fromSdp(v.trim()).orElseThrow(() -> new IllegalArgumentException("setup \"" + v
                    + "\" must be active, passive, actpass or holdconn"));
        }

        private static String required(String name, String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("a=" + name + " needs a value");
            }
            return v;
        }

        private static void flag(String name, String v) {
            if (v != null) {
                throw new IllegalArgumentException("a=" + name + " takes no value");
            }
        }

        private static <T> T once(String name, T existing, T value) {
            if (existing != null) {
                throw new IllegalArgumentException("second a=" + name + " at this level");
            }
            return value;
        }
    }

    /** What is collected for one m= section before its {@link MediaDescription} is built. */
    private static final class MediaState {
        final int lineNo;
        final String line;
        final MediaDescription.Builder builder;
        final boolean rtp;
        final List<Integer> payloadTypeOrder = new ArrayList<>();
        final Set<Integer> payloadTypes = new HashSet<>();
        Connection connection;
        final List<Bandwidth> bandwidths = new ArrayList<>();
        final List<SdpLine> otherLines = new ArrayList<>();
        String mid;
        Direction direction;
        final List<Msid> msids = new ArrayList<>();
        String iceUfrag;
        String icePwd;
        final List<String> iceOptions = new ArrayList<>();
        final List<Candidate> candidates = new ArrayList<>();
        boolean endOfCandidates;
        final List<Fingerprint> fingerprints = new ArrayList<>();
        Setup setup;
        final Map<Integer, Codec> rtpmaps = new HashMap<>();
        final Map<Integer, Attribute> fmtps = new HashMap<>();
        final Map<Integer, String> fmtpValues = new HashMap<>();
        final Map<Integer, List<Attribute>> feedback = new HashMap<>();
        final List<String> wildcardFeedback = new ArrayList<>();
        final List<Extmap> extmaps = new ArrayList<>();
        final Map<Long, List<Attribute>> ssrcs = new LinkedHashMap<>();
        final List<SsrcGroup> ssrcGroups = new ArrayList<>();
        final List<Rid> rids = new ArrayList<>();
        Simulcast simulcast;
        int simulcastLine;
        int sctpPort = -1;
        long maxMessageSize = -1;
        final List<Attribute> attributes = new ArrayList<>();
        private final int port;

        MediaState(int lineNo, String line, MediaDescription.Builder builder, int port, boolean rtp,
                List<String> formats) {
            this.lineNo = lineNo;
            this.line = line;
            this.builder = builder;
            this.rtp = rtp;
            this.port = port;
            if (rtp) {
                for (String f : formats) {
                    int pt = Integer.parseInt(f);
                    payloadTypeOrder.add(pt);
                    payloadTypes.add(pt);
                }
            }
        }

        int port() {
            return port;
        }
    }
}
