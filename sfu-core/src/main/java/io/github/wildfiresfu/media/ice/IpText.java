package io.github.wildfiresfu.media.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address text without DNS: parsing accepts only literals (a typo must not become a host-name
 * lookup), and formatting writes IPv6 in the RFC 5952 compressed form without a scope id, which is
 * how Janus (getnameinfo with NI_NUMERICHOST) prints addresses and how browsers write candidates.
 */
final class IpText {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpText() {
    }

    /** The address {@code text} spells, or {@code null} if it is not an IPv4 or IPv6 literal. */
    static InetAddress parseLiteral(String text) {
        String t = text.trim();
        try {
            if (IPV4.matcher(t).matches()) {
                String[] parts = t.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            // With a ':' in it InetAddress parses an IPv6 literal and throws rather than asking DNS.
            if (t.indexOf(':') >= 0 && IPV6_CHARS.matcher(t).matches()) {
                return InetAddress.getByName(t);
            }
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** IPv4 dotted quad, or IPv6 compressed per RFC 5952 (lower case, longest zero run as "::"). */
    static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Whether {@code address} is an IPv6 address (IPv4-mapped ones come back from Java as IPv4). */
    static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }
}
