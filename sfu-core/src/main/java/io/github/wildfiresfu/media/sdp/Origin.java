package io.github.wildfiresfu.media.sdp;

/**
 * The {@code o=} line (RFC 8866 §5.2): {@code o=<username> <sess-id> <sess-version> <nettype>
 * <addrtype> <unicast-address>}. Session id and version are kept as the digit strings they were
 * written as, because browsers use the whole unsigned 64-bit range (and Firefox more digits).
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType,
        String address) {

    public Origin {
        SdpSyntax.requireVisible(username, "o= username");
        requireDigits(sessionId, "o= session id");
        requireDigits(sessionVersion, "o= session version");
        SdpSyntax.requireToken(netType, "o= network type");
        SdpSyntax.requireToken(addrType, "o= address type");
        SdpSyntax.requireVisible(address, "o= address");
    }

    /** An origin as Janus writes it: {@code - <id> <version> IN IP4 127.0.0.1}-style. */
    public static Origin of(String sessionId, long sessionVersion, String address) {
        return new Origin("-", sessionId, Long.toString(sessionVersion), "IN", address.contains(":") ? "IP6" : "IP4",
                address);
    }

    /** Parses the value of an {@code o=} line. */
    public static Origin parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() != 6) {
            throw new IllegalArgumentException("o= needs 6 fields, found " + f.size());
        }
        return new Origin(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
    }

    /** The same origin with the version incremented, as a changed description requires (RFC 3264 §8). */
    public Origin nextVersion() {
        String next = new java.math.BigInteger(sessionVersion).add(java.math.BigInteger.ONE).toString();
        return new Origin(username, sessionId, next, netType, addrType, address);
    }

    /** The value of the {@code o=} line. */
    public String toSdp() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }

    private static void requireDigits(String s, String what) {
        if (s == null || s.isEmpty() || s.length() > 40 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is not a number");
        }
    }
}
