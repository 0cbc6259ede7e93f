package io.github.wildfiresfu.media.sdp;

/** A {@code c=} line (RFC 8866 §5.7): {@code c=<nettype> <addrtype> <connection-address>}. */
public record Connection(String netType, String addrType, String address) {

    public Connection {
        SdpSyntax.requireToken(netType, "c= network type");
        SdpSyntax.requireToken(addrType, "c= address type");
        SdpSyntax.requireVisible(address, "c= address");
    }

    /** {@code IN IP4 address} or {@code IN IP6 address}, chosen by whether the address has a colon. */
    public static Connection of(String address) {
        return new Connection("IN", address.contains(":") ? "IP6" : "IP4", address);
    }

    /** Parses the value of a {@code c=} line. */
    public static Connection parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() != 3) {
            throw new IllegalArgumentException("c= needs 3 fields, found " + f.size());
        }
        return new Connection(f.get(0), f.get(1), f.get(2));
    }

    /** The value of the {@code c=} line. */
    public String toSdp() {
        return netType + " " + addrType + " " + address;
    }
}
