package io.github.wildfiresfu.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS: {@code InetAddress.getByName} would
 * resolve a mistyped address as a host name, blocking start-up and hiding the typo.
 */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {
    }

    /** The address {@code text} spells (IPv4 dotted quad or IPv6), or empty if it is not one. */
    static Optional<InetAddress> parse(String text) {
        String t = text.trim();
        Matcher m = IPV4.matcher(t);
        try {
            if (m.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(m.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            // With a ':' in it, InetAddress parses the text as an IPv6 literal and throws
            // rather than falling back to a DNS lookup when it is not one.
            if (t.contains(":") && IPV6_CHARS.matcher(t).matches()) {
                return Optional.of(InetAddress.getByName(t));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
