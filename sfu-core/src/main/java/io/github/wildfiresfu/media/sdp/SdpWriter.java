package io.github.wildfiresfu.media.sdp;

/**
 * Writes a {@link SessionDescription} as SDP text with CRLF line ends (RFC 8866 §5).
 *
 * <p>Lines come in the order RFC 8866 §5 prescribes for the line types, and attributes in a
 * fixed order close to Chromium's: session-level group, ice-lite, ICE credentials, fingerprint,
 * setup, extmap-allow-mixed, msid-semantic, extmaps, then unmodelled attributes; per m-line
 * {@code c=}, {@code b=}, mid, direction, msid, ICE credentials and options, fingerprint, setup,
 * rtcp-mux, rtcp-rsize, extmap-allow-mixed, extmaps, each codec's rtpmap / rtcp-fb / fmtp,
 * wildcard rtcp-fb, ssrc-group, ssrc, rid, simulcast, sctp-port, max-message-size, unmodelled
 * attributes, and last the candidates and end-of-candidates. Parsing the output gives back an
 * equal model.
 */
public final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    /** The SDP text of a description. */
    public static String write(SessionDescription sd) {
        StringBuilder sb = new StringBuilder(4096);
        line(sb, "v=0");
        line(sb, "o=" + sd.origin().toSdp());
        line(sb, "s=" + sd.sessionName());
        writeOther(sb, sd, 'i');
        writeOther(sb, sd, 'u');
        writeOther(sb, sd, 'e');
        writeOther(sb, sd, 'p');
        if (sd.connection() != null) {
            line(sb, "c=" + sd.connection().toSdp());
        }
        for (Bandwidth b : sd.bandwidths()) {
            line(sb, "b=" + b.toSdp());
        }
        line(sb, "t=" + sd.timing().toSdp());
        writeOther(sb, sd, 't');
        writeOther(sb, sd, 'r');
        writeOther(sb, sd, 'z');
        writeOther(sb, sd, 'k');
        for (Group g : sd.groups()) {
            attr(sb, "group", g.toSdp());
        }
        if (sd.iceLite()) {
            flag(sb, "ice-lite");
        }
        attrIfSet(sb, "ice-ufrag", sd.iceUfrag());
        attrIfSet(sb, "ice-pwd", sd.icePwd());
        if (!sd.iceOptions().isEmpty()) {
            attr(sb, "ice-options", String.join(" ", sd.iceOptions()));
        }
        for (Fingerprint f : sd.fingerprints()) {
            attr(sb, "fingerprint", f.toSdp());
        }
        if (sd.setup() != null) {
            attr(sb, "setup", sd.setup().sdpName());
        }
        if (sd.extmapAllowMixed()) {
            flag(sb, "extmap-allow-mixed");
        }
        if (sd.msidSemantic() != null) {
            attr(sb, "msid-semantic", sd.msidSemantic().toSdp());
        }
        for (Extmap e : sd.extmaps()) {
            attr(sb, "extmap", e.toSdp());
        }
        for (Attribute a : sd.attributes()) {
            line(sb, "a=" + a.toSdp());
        }
        for (MediaDescription m : sd.media()) {
            writeMedia(sb, m);
        }
        return sb.toString();
    }

    private static void writeMedia(StringBuilder sb, MediaDescription m) {
        sb.append("m=").append(m.media()).append(' ').append(m.port());
        if (m.numberOfPorts() > 0) {
            sb.append('/').append(m.numberOfPorts());
        }
        sb.append(' ').append(m.protocol());
        for (String f : m.formats()) {
            sb.append(' ').append(f);
        }
        sb.append(CRLF);
        for (SdpLine l : m.otherLines()) {
            if (l.type() == 'i') {
                line(sb, l.toSdp());
            }
        }
        if (m.connection() != null) {
            line(sb, "c=" + m.connection().toSdp());
        }
        for (Bandwidth b : m.bandwidths()) {
            line(sb, "b=" + b.toSdp());
        }
        for (SdpLine l : m.otherLines()) {
            if (l.type() != 'i') {
                line(sb, l.toSdp());
            }
        }
        attrIfSet(sb, "mid", m.mid());
        if (m.direction() != null) {
            flag(sb, m.direction().sdpName());
        }
        for (Msid msid : m.msids()) {
            attr(sb, "msid", msid.toSdp());
        }
        attrIfSet(sb, "ice-ufrag", m.iceUfrag());
        attrIfSet(sb, "ice-pwd", m.icePwd());
        if (!m.iceOptions().isEmpty()) {
            attr(sb, "ice-options", String.join(" ", m.iceOptions()));
        }
        for (Fingerprint f : m.fingerprints()) {
            attr(sb, "fingerprint", f.toSdp());
        }
        if (m.setup() != null) {
            attr(sb, "setup", m.setup().sdpName());
        }
        if (m.rtcpMux()) {
            flag(sb, "rtcp-mux");
        }
        if (m.rtcpRsize()) {
            flag(sb, "rtcp-rsize");
        }
        if (m.extmapAllowMixed()) {
            flag(sb, "extmap-allow-mixed");
        }
        for (Extmap e : m.extmaps()) {
            attr(sb, "extmap", e.toSdp());
        }
        for (Codec c : m.codecs()) {
            attr(sb, "rtpmap", c.payloadType() + " " + c.rtpmap());
            for (String fb : c.feedback()) {
                attr(sb, "rtcp-fb", c.payloadType() + " " + fb);
            }
            if (c.fmtp() != null) {
                attr(sb, "fmtp", c.fmtp().isEmpty() ? Integer.toString(c.payloadType())
                        : c.payloadType() + " " + c.fmtp());
            }
        }
        for (String fb : m.wildcardFeedback()) {
            attr(sb, "rtcp-fb", "* " + fb);
        }
        for (SsrcGroup g : m.ssrcGroups()) {
            attr(sb, "ssrc-group", g.toSdp());
        }
        for (Ssrc s : m.ssrcs()) {
            for (Attribute a : s.attributes()) {
                attr(sb, "ssrc", s.ssrc() + " " + a.toSdp());
            }
        }
        for (Rid r : m.rids()) {
            attr(sb, "rid", r.toSdp());
        }
        if (m.simulcast() != null) {
            attr(sb, "simulcast", m.simulcast().toSdp());
        }
        if (m.sctpPort() >= 0) {
            attr(sb, "sctp-port", Integer.toString(m.sctpPort()));
        }
        if (m.maxMessageSize() >= 0) {
            attr(sb, "max-message-size", Long.toString(m.maxMessageSize()));
        }
        for (Attribute a : m.attributes()) {
            line(sb, "a=" + a.toSdp());
        }
        for (Candidate c : m.candidates()) {
            attr(sb, "candidate", c.toSdp());
        }
        if (m.endOfCandidates()) {
            flag(sb, "end-of-candidates");
        }
    }

    private static void writeOther(StringBuilder sb, SessionDescription sd, char type) {
        for (SdpLine l : sd.otherLines()) {
            if (l.type() == type) {
                line(sb, l.toSdp());
            }
        }
    }

    private static void attrIfSet(StringBuilder sb, String name, String value) {
        if (value != null) {
            attr(sb, name, value);
        }
    }

    private static void attr(StringBuilder sb, String name, String value) {
        sb.append("a=").append(name).append(':').append(value).append(CRLF);
    }

    private static void flag(StringBuilder sb, String name) {
        sb.append("a=").append(name).append(CRLF);
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append(CRLF);
    }
}
