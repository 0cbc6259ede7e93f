package io.github.wildfiresfu.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.ice.HostAddressSelector.HostAddress;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostInterface;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Janus's ice_enforce_list / ice_ignore_list / nat_1_1_mapping semantics on made-up interfaces. */
class HostAddressSelectorTest {

    private static InetAddress ip(String s) {
        InetAddress a = IpText.parseLiteral(s);
        if (a == null) {
            throw new AssertionError("not an IP literal: " + s);
        }
        return a;
    }

    private static HostInterface ifc(String name, boolean up, boolean loopback, String... addresses) {
        return new HostInterface(name, up, loopback, java.util.Arrays.stream(addresses).map(HostAddressSelectorTest::ip)
                .collect(Collectors.toList()));
    }

    private static final List<HostInterface> MACHINE = List.of(
            ifc("lo", true, true, "127.0.0.1", "::1"),
            ifc("eth0", true, false, "192.168.1.10", "2001:db8::10", "fe80::10"),
            ifc("eth1", true, false, "10.0.0.5"),
            ifc("vmnet8", true, false, "172.16.5.1"),
            ifc("docker0", true, false, "172.17.0.1"),
            ifc("wlan0", false, false, "192.168.50.2"),
            ifc("any", true, false, "0.0.0.0"));

    private static List<String> advertised(List<HostAddress> selected) {
        return selected.stream().map(h -> h.interfaceName() + "=" + IpText.format(h.localAddress())
                + (h.isMapped() ? "->" + IpText.format(h.advertised()) : "")).collect(Collectors.toList());
    }

    private static HostAddressSelector selector(List<String> enforce, List<String> ignore, boolean ipv6,
            boolean linkLocal, List<String> nat, boolean keepPrivate) {
        return new HostAddressSelector(enforce, ignore, ipv6, linkLocal, true,
                nat.stream().map(HostAddressSelectorTest::ip).collect(Collectors.toList()), keepPrivate);
    }

    @Test
    void defaultsKeepLoopbackAndSkipDownVmwareUnspecifiedAndIpv6() {
        HostAddressSelector s = selector(List.of(), List.of("vmnet"), false, false, List.of(), false);
        assertThat(advertised(s.select(MACHINE))).containsExactly(
                "lo=127.0.0.1", "eth0=192.168.1.10", "eth1=10.0.0.5", "docker0=172.17.0.1");
    }

    @Test
    void loopbackCanBeExcludedLikeJanus() {
        HostAddressSelector s = new HostAddressSelector(List.of(), List.of("vmnet"), false, false, false, List.of(), false);
        assertThat(advertised(s.select(MACHINE))).doesNotContain("lo=127.0.0.1").hasSize(3);
    }

    @Test
    void ipv6AndLinkLocalAreOptIn() {
        assertThat(advertised(selector(List.of(), List.of("vmnet"), true, false, List.of(), false).select(MACHINE)))
                .containsExactly("lo=127.0.0.1", "lo=::1", "eth0=192.168.1.10", "eth0=2001:db8::10", "eth1=10.0.0.5",
                        "docker0=172.17.0.1");
        assertThat(advertised(selector(List.of(), List.of(), true, true, List.of(), false).select(MACHINE)))
                .contains("eth0=fe80::10", "vmnet8=172.16.5.1");
    }

    @Test
    void enforceListMatchesInterfaceNamesOrAddressPrefixes() {
        assertThat(advertised(selector(List.of("eth0"), List.of(), false, false, List.of(), false).select(MACHINE)))
                .containsExactly("eth0=192.168.1.10");
        assertThat(advertised(selector(List.of("eth", "127.0.0."), List.of(), false, false, List.of(), false)
                .select(MACHINE))).containsExactly("lo=127.0.0.1", "eth0=192.168.1.10", "eth1=10.0.0.5");
        assertThat(advertised(selector(List.of("10.0.0.5"), List.of(), false, false, List.of(), false).select(MACHINE)))
                .containsExactly("eth1=10.0.0.5");
        // Prefix, not substring: "0.0.5" does not match "10.0.0.5" (Janus: strstr(ip, x) == ip).
        assertThat(selector(List.of("0.0.5"), List.of(), false, false, List.of(), false).select(MACHINE)).isEmpty();
        assertThat(advertised(selector(List.of(" 2001:db8:"), List.of(), true, false, List.of(), false).select(MACHINE)))
                .containsExactly("eth0=2001:db8::10");
    }

    @Test
    void ignoreListAppliesToNamesOnlyWithoutEnforceListButAlwaysToAddresses() {
        assertThat(advertised(selector(List.of(), List.of("vmnet", "docker", "192.168."), false, false, List.of(),
                false).select(MACHINE))).containsExactly("lo=127.0.0.1", "eth1=10.0.0.5");
        // With an enforce list, an ignored interface name no longer excludes...
        assertThat(advertised(selector(List.of("vmnet8", "eth1"), List.of("vmnet"), false, false, List.of(), false)
                .select(MACHINE))).containsExactly("eth1=10.0.0.5", "vmnet8=172.16.5.1");
        // ...but an ignored address still does.
        assertThat(advertised(selector(List.of("eth"), List.of("10.0."), false, false, List.of(), false)
                .select(MACHINE))).containsExactly("eth0=192.168.1.10");
    }

    @Test
    void nat11MappingReplacesTheAdvertisedAddressPerFamily() {
        HostAddressSelector s = selector(List.of("eth0"), List.of(), true, false, List.of("203.0.113.7"), false);
        // The IPv6 address has no public IPv6 mapping, so it is advertised as itself (Janus: !same_family).
        assertThat(advertised(s.select(MACHINE))).containsExactly(
                "eth0=192.168.1.10->203.0.113.7", "eth0=2001:db8::10");
    }

    @Test
    void keepPrivateHostAdvertisesBothAndSeveralMappingsEach() {
        HostAddressSelector s = selector(List.of("eth1"), List.of(), false, false,
                List.of("203.0.113.7", "198.51.100.9", "2001:db8:ffff::1"), true);
        List<HostAddress> selected = s.select(MACHINE);
        assertThat(advertised(selected)).containsExactly(
                "eth1=10.0.0.5->203.0.113.7", "eth1=10.0.0.5->198.51.100.9", "eth1=10.0.0.5");
        List<IceCandidate> candidates = HostAddressSelector.hostCandidates(selected, 20000);
        assertThat(candidates).extracting(IceCandidate::toCandidateString).containsExactly(
                "candidate:1 1 udp 2130706431 203.0.113.7 20000 typ host",
                "candidate:2 1 udp 2130706175 198.51.100.9 20000 typ host",
                "candidate:3 1 udp 2130705919 10.0.0.5 20000 typ host");
    }

    @Test
    void readsTheRealMachineWithoutFailing() throws Exception {
        List<HostInterface> real = HostAddressSelector.systemInterfaces();
        assertThat(real).isNotNull();
        List<HostAddress> selected = new HostAddressSelector(List.of(), List.of(), true, true, true, List.of(), false)
                .select(real);
        assertThat(selected).allSatisfy(h -> assertThat(h.localAddress().isAnyLocalAddress()).isFalse());
    }

    @Test
    void formatsIpv6LikeJanus() {
        assertThat(IpText.format(ip("2001:0db8:0000:0000:0001:0000:0000:0001"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpText.format(ip("::1"))).isEqualTo("::1");
        assertThat(IpText.format(ip("::"))).isEqualTo("::");
        assertThat(IpText.format(ip("fe80::1:2"))).isEqualTo("fe80::1:2");
        assertThat(IpText.format(ip("2001:db8:1:2:3:4:5:0"))).isEqualTo("2001:db8:1:2:3:4:5:0");
        assertThat(IpText.format(ip("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
        assertThat(IpText.format(ip("1::2:0:0:3"))).isEqualTo("1::2:0:0:3");
        assertThat(IpText.parseLiteral("localhost")).isNull();
        assertThat(IpText.parseLiteral("1.2.3")).isNull();
        assertThat(IpText.parseLiteral("256.1.1.1")).isNull();
        assertThat(IpText.parseLiteral("gggg::1")).isNull();
    }
}
