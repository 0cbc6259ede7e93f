package io.github.wildfiresfu.media.ice;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses the local addresses we gather host candidates on, and the address each is advertised as,
 * with the semantics of Janus's {@code nat} settings ({@code src/ice.c}, {@code janus_ice_setup_local}
 * and {@code janus_ice_candidate_to_string}):
 * <ul>
 *   <li>interfaces that are not up and running are skipped;</li>
 *   <li>loopback interfaces are <b>allowed</b> (unlike Janus, which hard-skips {@code IFF_LOOPBACK}; we
 *       need them for single-machine tests and local deployments), unless disabled;</li>
 *   <li>IPv6 addresses only with {@code ipv6}, link-local ones ({@code fe80::/10}) only with
 *       {@code ipv6_linklocal}; the unspecified addresses {@code 0.0.0.0} and {@code ::} never;</li>
 *   <li>{@code ice_enforce_list}: when non-empty, an address is used only if its interface name or its
 *       text starts with one of the entries (Janus compares with {@code strstr(ip, entry) == ip}, i.e. a
 *       prefix match: {@code "eth0"}, {@code "192.168."}, {@code "10.0.0.1"});</li>
 *   <li>{@code ice_ignore_list}: an address is skipped if its text starts with an entry, and, only when
 *       the enforce list is empty, if its interface name does;</li>
 *   <li>{@code nat_1_1_mapping}: each selected address is advertised as every public address of the same
 *       family instead of itself; with {@code keep_private_host}, or when no public address has its
 *       family, it is also advertised as itself (after the public ones).</li>
 * </ul>
 * Address text is IPv4 dotted quad or compressed IPv6 without scope, as Janus prints it.
 *
 * <p>Pure: the interfaces are passed in ({@link #systemInterfaces()} reads the machine's), so tests
 * use made-up lists. Immutable and thread-safe.
 */
public final class HostAddressSelector {

    /** One network interface as the selector sees it. */
    public record HostInterface(String name, boolean up, boolean loopback, List<InetAddress> addresses) {
        /** Copies the address list. */
        public HostInterface {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A selected local address and what it is advertised as in candidates.
     *
     * @param interfaceName the interface it belongs to
     * @param localAddress  the address to bind the UDP socket to
     * @param advertised    the address written in the candidate (a {@code nat_1_1_mapping} public address
     *                      or {@code localAddress} itself)
     */
    public record HostAddress(String interfaceName, InetAddress localAddress, InetAddress advertised) {
        /** Whether the advertised address comes from {@code nat_1_1_mapping}. */
        public boolean isMapped() {
            return !advertised.equals(localAddress);
        }
    }

    private final List<String> enforceList;
    private final List<String> ignoreList;
    private final boolean ipv6;
    private final boolean ipv6LinkLocal;
    private final boolean allowLoopback;
    private final List<InetAddress> nat11Mapping;
    private final boolean keepPrivateHost;

    /**
     * @param enforceList     {@code ice_enforce_list} entries (interface names or address prefixes)
     * @param ignoreList      {@code ice_ignore_list} entries (Janus default: {@code vmnet})
     * @param ipv6            {@code ipv6}: use IPv6 addresses
     * @param ipv6LinkLocal   {@code ipv6_linklocal}: use IPv6 link-local addresses too
     * @param allowLoopback   use loopback interfaces (Janus never does)
     * @param nat11Mapping    {@code nat_1_1_mapping} public addresses (may be empty)
     * @param keepPrivateHost {@code keep_private_host}: advertise the local address next to the public one
     */
    public HostAddressSelector(List<String> enforceList, List<String> ignoreList, boolean ipv6, boolean ipv6LinkLocal,
            boolean allowLoopback, List<InetAddress> nat11Mapping, boolean keepPrivateHost) {
        this.enforceList = clean(enforceList);
        this.ignoreList = clean(ignoreList);
        this.ipv6 = ipv6;
        this.ipv6LinkLocal = ipv6LinkLocal;
        this.allowLoopback = allowLoopback;
        this.nat11Mapping = List.copyOf(nat11Mapping);
        this.keepPrivateHost = keepPrivateHost;
    }

    private static List<String> clean(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            String t = e.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The selected addresses in interface order, each with what it is advertised as. */
    public List<HostAddress> select(List<HostInterface> interfaces) {
        List<HostAddress> out = new ArrayList<>();
        for (HostInterface ifc : interfaces) {
            if (!ifc.up() || (ifc.loopback() && !allowLoopback)) {
                continue;
            }
            // Janus checks the interface name against the ignore list only without an enforce list.
            if (enforceList.isEmpty() && matches(ignoreList, ifc.name())) {
                continue;
            }
            for (InetAddress a : ifc.addresses()) {
                boolean v6 = IpText.isIpv6(a);
                if (v6 && !ipv6) {
                    continue;
                }
                if (a.isAnyLocalAddress() || (v6 && a.isLinkLocalAddress() && !ipv6LinkLocal)) {
                    continue;
                }
                String text = IpText.format(a);
                if (!enforceList.isEmpty() && !matches(enforceList, ifc.name()) && !matches(enforceList, text)) {
                    continue;
                }
                if (matches(ignoreList, text)) {
                    continue;
                }
                advertise(ifc.name(), a, out);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private void advertise(String name, InetAddress local, List<HostAddress> out) {
        boolean sameFamily = false;
        for (InetAddress pub : nat11Mapping) {
            if (IpText.isIpv6(pub) == IpText.isIpv6(local)) {
                sameFamily = true;
                out.add(new HostAddress(name, local, pub));
            }
        }
        if (!sameFamily || keepPrivateHost) {
            out.add(new HostAddress(name, local, local));
        }
    }

    private static boolean matches(List<String> prefixes, String value) {
        if (value == null) {
            return false;
        }
        for (String p : prefixes) {
            if (value.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Host candidates for the selected addresses, all on {@code port}: foundations "1", "2", ... and
     * local preferences 65535, 65534, ... in list order, so the first address is preferred.
     */
    public static List<IceCandidate> hostCandidates(List<HostAddress> addresses, int port) {
        List<IceCandidate> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            out.add(IceCandidate.host(Integer.toString(i + 1), addresses.get(i).advertised(), port,
                    Math.max(0, 65535 - i)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The machine's interfaces, read from {@link NetworkInterface}. */
    public static List<HostInterface> systemInterfaces() throws SocketException {
        List<HostInterface> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            // NetworkInterface.isUp() is IFF_UP and IFF_RUNNING on Linux, Janus's test too.
            out.add(new HostInterface(ni.getName(), ni.isUp(), ni.isLoopback(), Collections.list(ni.getInetAddresses())));
        }
        return out;
    }
}
