package io.github.wildfiresfu.media.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One ICE candidate as written in SDP and in trickle messages (RFC 8839 §5.1):
 *
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt; &lt;connection-address&gt; &lt;port&gt;
 *           typ &lt;cand-type&gt; [raddr &lt;address&gt;] [rport &lt;port&gt;] *(&lt;extension-name&gt; &lt;extension-value&gt;)
 * </pre>
 *
 * We produce host UDP candidates ({@link #host}); remote candidates come from the peer's description
 * or trickle messages and are read leniently by {@link #parse}, which returns an error text instead
 * of throwing on junk.
 *
 * @param foundation     foundation (1..32 ice-chars when we make it; anything non-blank when parsed)
 * @param component      component ID, 1 (RTP; with rtcp-mux the only one) .. 256
 * @param transport      transport in lower case, normally "udp" or "tcp"
 * @param priority       priority, unsigned 32-bit
 * @param address        connection address: an IP literal or, from browsers, an mDNS ".local" name
 * @param port           port, 0..65535
 * @param type           candidate type
 * @param relatedAddress {@code raddr}, or {@code null}
 * @param relatedPort    {@code rport}, or -1
 * @param extensions     further name/value pairs in order ({@code tcptype}, {@code generation},
 *                       {@code ufrag}, {@code network-id}, ...), read-only
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, Type type, String relatedAddress, int relatedPort, Map<String, String> extensions) {

    /** RFC 8445 §5.1.2.2: recommended type preference of host candidates. */
    public static final int HOST_TYPE_PREFERENCE = 126;

    /** Candidate types (RFC 8445 §5.1.1). */
    public enum Type {
        /** A local interface address. */
        HOST("host"),
        /** Server reflexive: the address a STUN server saw. */
        SRFLX("srflx"),
        /** Peer reflexive: learned from a check. */
        PRFLX("prflx"),
        /** Relayed through TURN. */
        RELAY("relay");

        private final String sdpName;

        Type(String sdpName) {
            this.sdpName = sdpName;
        }

        /** The {@code typ} value in SDP. */
        public String sdpName() {
            return sdpName;
        }

        static Type fromSdp(String s) {
            for (Type t : values()) {
                if (t.sdpName.equalsIgnoreCase(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Makes the extension map read-only. */
    public IceCandidate {
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * RFC 8445 §5.1.2.1: {@code priority = 2^24 * type preference + 2^8 * local preference
     * + (256 - component ID)}.
     */
    public static long priority(int typePreference, int localPreference, int component) {
        if (typePreference < 0 || typePreference > 126) {
            throw new IllegalArgumentException("type preference must be 0..126, got " + typePreference);
        }
        if (localPreference < 0 || localPreference > 65535) {
            throw new IllegalArgumentException("local preference must be 0..65535, got " + localPreference);
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component must be 1..256, got " + component);
        }
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /**
     * A host UDP candidate for component 1 with type preference 126 and the given local preference
     * (65535 for the preferred interface; lower for others, RFC 8445 §5.1.2.1).
     */
    public static IceCandidate host(String foundation, InetAddress address, int port, int localPreference) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        return new IceCandidate(foundation, 1, "udp", priority(HOST_TYPE_PREFERENCE, localPreference, 1),
                IpText.format(address), port, Type.HOST, null, -1, Map.of());
    }

    /** The candidate as the value of a trickle message's {@code candidate} field: {@code candidate:...}. */
    public String toCandidateString() {
        StringBuilder sb = new StringBuilder(96);
        sb.append("candidate:").append(foundation).append(' ').append(component).append(' ').append(transport)
                .append(' ').append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type.sdpName());
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort >= 0) {
            sb.append(" rport ").append(relatedPort);
        }
        extensions.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v));
        return sb.toString();
    }

    /** The candidate as an SDP attribute line without line ending: {@code a=candidate:...}. */
    public String toSdpLine() {
        return "a=" + toCandidateString();
    }

    /** Whether the transport is UDP. */
    public boolean isUdp() {
        return "udp".equals(transport);
    }

    /** Whether the address is an mDNS name (RFC 8828 §5.2 candidates from browsers hiding their IP). */
    public boolean isMdns() {
        return address.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    /**
     * The address and port as a socket address, or {@code null} when the address is not an IP literal
     * (mDNS names are never resolved here).
     */
    public InetSocketAddress socketAddress() {
        InetAddress a = IpText.parseLiteral(address);
        return a == null ? null : new InetSocketAddress(a, port);
    }

    @Override
    public String toString() {
        return toCandidateString();
    }

    /** The result of {@link #parse}: a candidate, or a one-line reason why the text is not one. */
    public sealed interface ParseResult permits Parsed, Rejected {
    }

    /** A parsed candidate. */
    public record Parsed(IceCandidate candidate) implements ParseResult {
    }

    /** Text that is not a usable candidate, with the reason. */
    public record Rejected(String error) implements ParseResult {
    }

    /**
     * Reads a candidate from an SDP line or trickle value. Lenient where browsers differ: an optional
     * {@code a=} and {@code candidate:} prefix (any case), surrounding whitespace and line endings, runs
     * of spaces, case of transport and type, and unknown extension pairs. Rejected, with a clear
     * reason: empty text (the end-of-candidates marker), missing fields, non-numeric or out-of-range
     * component/priority/port/rport, a missing {@code typ} keyword, an unknown candidate type, and an
     * extension name without value.
     */
    public static ParseResult parse(String text) {
        if (text == null) {
            return new Rejected("no candidate (null)");
        }
        String s = text.strip();
        if (s.regionMatches(true, 0, "a=", 0, 2)) {
            s = s.substring(2).strip();
        }
        if (s.regionMatches(true, 0, "candidate:", 0, 10)) {
            s = s.substring(10).strip();
        }
        if (s.isEmpty()) {
            return new Rejected("empty candidate (an end-of-candidates marker, not a candidate)");
        }
        String[] t = s.split("\\s+");
        if (t.length < 8) {
            return new Rejected("candidate has " + t.length + " fields, needs at least 8: \"" + abbreviate(text) + "\"");
        }
        String foundation = t[0];
        int component;
        long priority;
        int port;
        try {
            component = Integer.parseInt(t[1]);
        } catch (NumberFormatException e) {
            return new Rejected("component \"" + abbreviate(t[1]) + "\" is not a number");
        }
        if (component < 1 || component > 256) {
            return new Rejected("component " + component + " is outside 1..256");
        }
        String transport = t[2].toLowerCase(Locale.ROOT);
        try {
            priority = Long.parseLong(t[3]);
        } catch (NumberFormatException e) {
            return new Rejected("priority \"" + abbreviate(t[3]) + "\" is not a number");
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            return new Rejected("priority " + priority + " is outside 0..4294967295");
        }
        String address = t[4];
        Integer p = port(t[5]);
        if (p == null) {
            return new Rejected("port \"" + abbreviate(t[5]) + "\" is not a number in 0..65535");
        }
        port = p;
        if (!"typ".equalsIgnoreCase(t[6])) {
            return new Rejected("expected \"typ\" after the port, found \"" + abbreviate(t[6]) + "\"");
        }
        Type type = Type.fromSdp(t[7]);
        if (type == null) {
            return new Rejected("unknown candidate type \"" + abbreviate(t[7]) + "\" (host, srflx, prflx or relay)");
        }
        String raddr = null;
        int rport = -1;
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 8; i < t.length; i += 2) {
            if (i + 1 >= t.length) {
                return new Rejected("extension \"" + abbreviate(t[i]) + "\" has no value");
            }
            String name = t[i];
            String value = t[i + 1];
            if ("raddr".equalsIgnoreCase(name)) {
                raddr = value;
            } else if ("rport".equalsIgnoreCase(name)) {
                Integer rp = port(value);
                if (rp == null) {
                    return new Rejected("rport \"" + abbreviate(value) + "\" is not a number in 0..65535");
                }
                rport = rp;
            } else {
                ext.put(name, value);
            }
        }
        return new Parsed(new IceCandidate(foundation, component, transport, priority, address, port, type, raddr,
                rport, ext));
    }

    private static Integer port(String s) {
        try {
            int v = Integer.parseInt(s);
            return v >= 0 && v <= 65535 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
