package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <address>] [rport <port>] *(<name> <value>)} (RFC 8839 §5.1).
 *
 * @param foundation 1-32 ice-chars
 * @param component 1-256 (WebRTC uses 1 with rtcp-mux)
 * @param transport {@code udp} or {@code tcp} as written
 * @param priority 0 - 2^32-1
 * @param address IP address or FQDN ({@code .local} mDNS names included)
 * @param port 0-65535 (TCP active candidates use 9)
 * @param type {@code host}, {@code srflx}, {@code prflx}, {@code relay} or another token
 * @param relatedAddress {@code raddr}, or {@code null}
 * @param relatedPort {@code rport}, or -1 when absent
 * @param extensions the name/value pairs after those, in order ({@code tcptype active},
 *     {@code generation 0}, {@code network-id 1}, ...)
 */
public record Candidate(String foundation, int component, String transport, long priority, String address, int port,
        String type, String relatedAddress, int relatedPort, List<Attribute> extensions) {

    public Candidate {
        if (foundation == null || foundation.isEmpty() || foundation.length() > 32 || !SdpSyntax.isIceChars(foundation)) {
            throw new IllegalArgumentException("candidate foundation \"" + foundation + "\" must be 1-32 ice-chars");
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("candidate component " + component + " is out of range 1-256");
        }
        SdpSyntax.requireToken(transport, "candidate transport");
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("candidate priority " + priority + " is out of range");
        }
        SdpSyntax.requireVisible(address, "candidate address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("candidate port " + port + " is out of range 0-65535");
        }
        SdpSyntax.requireToken(type, "candidate type");
        if (relatedAddress != null) {
            SdpSyntax.requireVisible(relatedAddress, "candidate raddr");
        }
        if (relatedPort < -1 || relatedPort > 65535) {
            throw new IllegalArgumentException("candidate rport " + relatedPort + " is out of range 0-65535");
        }
        extensions = List.copyOf(extensions);
        for (Attribute a : extensions) {
            SdpSyntax.requireVisible(a.value(), "candidate extension " + a.name());
        }
    }

    /** A host candidate, e.g. {@code host(1, "udp", priority, "127.0.0.1", 20000)}. */
    public static Candidate host(String foundation, String transport, long priority, String address, int port) {
        return new Candidate(foundation, 1, transport, priority, address, port, "host", null, -1, List.of());
    }

    /** Parses the attribute value (without {@code candidate:}). */
    public static Candidate parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() < 8) {
            throw new IllegalArgumentException("candidate needs at least 8 fields, found " + f.size());
        }
        if (!"typ".equals(f.get(6))) {
            throw new IllegalArgumentException("candidate field 7 must be \"typ\", found \"" + f.get(6) + "\"");
        }
        String foundation = f.get(0);
        int component = SdpSyntax.intNumber(f.get(1), 1, 256, "candidate component");
        long priority = SdpSyntax.number(f.get(3), 0, 0xFFFF_FFFFL, "candidate priority");
        int port = SdpSyntax.intNumber(f.get(5), 0, 65535, "candidate port");
        String raddr = null;
        int rport = -1;
        List<Attribute> ext = new ArrayList<>();
        int i = 8;
        if ((f.size() - i) % 2 != 0) {
            throw new IllegalArgumentException("candidate extensions must be name/value pairs");
        }
        for (; i < f.size(); i += 2) {
            String name = f.get(i);
            String v = f.get(i + 1);
            if ("raddr".equals(name) && raddr == null && ext.isEmpty()) {
                raddr = v;
            } else if ("rport".equals(name) && rport < 0 && ext.isEmpty()) {
                rport = SdpSyntax.intNumber(v, 0, 65535, "candidate rport");
            } else {
                SdpSyntax.requireToken(name, "candidate extension name");
                ext.add(new Attribute(name, v));
            }
        }
        return new Candidate(foundation, component, f.get(2), priority, f.get(4), port, f.get(7), raddr, rport, ext);
    }

    /** The first extension value by name ({@code tcptype}, {@code generation}, ...). */
    public Optional<String> extension(String name) {
        return extensions.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst();
    }

    /** The attribute value (without {@code candidate:}). */
    public String toSdp() {
        StringBuilder sb = new StringBuilder();
        sb.append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort >= 0) {
            sb.append(" rport ").append(relatedPort);
        }
        for (Attribute a : extensions) {
            sb.append(' ').append(a.name()).append(' ').append(a.value());
        }
        return sb.toString();
    }
}
