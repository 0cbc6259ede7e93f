package io.github.wildfiresfu.media.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IceCandidateTest {

    @ParameterizedTest(name = "type {0}, local {1}, component {2} -> {3}")
    @CsvSource({
            // RFC 8445 §5.1.2.1: 2^24 * type + 2^8 * local + (256 - component).
            "126, 65535, 1, 2130706431",
            "126, 65535, 2, 2130706430",
            "126, 65534, 1, 2130706175",
            "100, 65535, 1, 1694498815",
            "0, 0, 256, 0",
            "0, 0, 1, 255"})
    void priority(int type, int local, int component, long expected) {
        assertThat(IceCandidate.priority(type, local, component)).isEqualTo(expected);
    }

    @Test
    void priorityArgumentsAreChecked() {
        assertThatThrownBy(() -> IceCandidate.priority(127, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IceCandidate.priority(126, 65536, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IceCandidate.priority(126, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsHostCandidates() throws Exception {
        IceCandidate v4 = IceCandidate.host("1", InetAddress.getByName("192.168.1.10"), 20000, 65535);
        assertThat(v4.toCandidateString()).isEqualTo("candidate:1 1 udp 2130706431 192.168.1.10 20000 typ host");
        assertThat(v4.toSdpLine()).isEqualTo("a=candidate:1 1 udp 2130706431 192.168.1.10 20000 typ host");
        IceCandidate v6 = IceCandidate.host("2", InetAddress.getByName("2001:db8:0:0:0:0:0:1"), 20002, 65534);
        assertThat(v6.toCandidateString()).isEqualTo("candidate:2 1 udp 2130706175 2001:db8::1 20002 typ host");
        assertThatThrownBy(() -> IceCandidate.host("1", InetAddress.getByName("10.0.0.1"), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Chrome host candidate in a trickle message.
            "candidate:842163049 1 udp 1677729535 203.0.113.5 61204 typ srflx raddr 192.168.1.3 rport 61204 generation 0 ufrag sXyZ network-cost 999"
                    + "|842163049|1|udp|1677729535|203.0.113.5|61204|SRFLX|192.168.1.3|61204|3",
            // Chrome with an mDNS host name.
            "candidate:1467250027 1 udp 2122260223 2c3b5a7e-4d1b-4f7e-9a0c-1b2c3d4e5f60.local 54400 typ host generation 0 ufrag sXyZ network-id 1"
                    + "|1467250027|1|udp|2122260223|2c3b5a7e-4d1b-4f7e-9a0c-1b2c3d4e5f60.local|54400|HOST||-1|3",
            // Firefox: SDP line, upper-case transport, no extensions.
            "a=candidate:0 1 UDP 2122252543 10.0.0.4 49203 typ host|0|1|udp|2122252543|10.0.0.4|49203|HOST||-1|0",
            // TCP with tcptype and extra spaces.
            "  candidate:3  1  tcp  1518280447  192.168.1.3  9  typ  host  tcptype active  "
                    + "|3|1|tcp|1518280447|192.168.1.3|9|HOST||-1|1",
            // Relay with IPv6.
            "candidate:5 1 udp 25108479 2001:db8::5 3478 typ relay raddr 2001:db8::9 rport 40000"
                    + "|5|1|udp|25108479|2001:db8::5|3478|RELAY|2001:db8::9|40000|0",
            // Prefix without space variants and max priority.
            "A=CANDIDATE:x 2 udp 4294967295 1.2.3.4 65535 typ PRFLX|x|2|udp|4294967295|1.2.3.4|65535|PRFLX||-1|0"})
    void parsesWhatBrowsersSend(String text, String foundation, int component, String transport, long priority,
            String address, int port, IceCandidate.Type type, String raddr, int rport, int extensions) {
        IceCandidate.ParseResult r = IceCandidate.parse(text);
        assertThat(r).isInstanceOf(IceCandidate.Parsed.class);
        IceCandidate c = ((IceCandidate.Parsed) r).candidate();
        assertThat(c.foundation()).isEqualTo(foundation);
        assertThat(c.component()).isEqualTo(component);
        assertThat(c.transport()).isEqualTo(transport);
        assertThat(c.priority()).isEqualTo(priority);
        assertThat(c.address()).isEqualTo(address);
        assertThat(c.port()).isEqualTo(port);
        assertThat(c.type()).isEqualTo(type);
        assertThat(c.relatedAddress()).isEqualTo(raddr);
        assertThat(c.relatedPort()).isEqualTo(rport);
        assertThat(c.extensions()).hasSize(extensions);
        // Formatting and parsing again gives the same candidate.
        IceCandidate again = ((IceCandidate.Parsed) IceCandidate.parse(c.toCandidateString())).candidate();
        assertThat(again).isEqualTo(c);
    }

    @Test
    void toleratesLineEndings() {
        IceCandidate.ParseResult r = IceCandidate.parse("a=candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host\r\n");
        assertThat(r).isInstanceOf(IceCandidate.Parsed.class);
        assertThat(((IceCandidate.Parsed) r).candidate().port()).isEqualTo(5000);
    }

    @Test
    void keepsExtensionsInOrder() {
        IceCandidate c = ((IceCandidate.Parsed) IceCandidate.parse(
                "candidate:1 1 tcp 1 10.0.0.1 9 typ host tcptype passive generation 0 ufrag abcd")).candidate();
        assertThat(c.extensions()).containsExactly(
                java.util.Map.entry("tcptype", "passive"), java.util.Map.entry("generation", "0"),
                java.util.Map.entry("ufrag", "abcd"));
        assertThat(c.isUdp()).isFalse();
        assertThat(c.toCandidateString()).endsWith("typ host tcptype passive generation 0 ufrag abcd");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|empty candidate",
            "candidate:|empty candidate",
            "a=candidate:   |empty candidate",
            "candidate:1 1 udp 2130706431 10.0.0.1 5000|needs at least 8",
            "candidate:1 x udp 2130706431 10.0.0.1 5000 typ host|component \"x\" is not a number",
            "candidate:1 0 udp 2130706431 10.0.0.1 5000 typ host|component 0 is outside 1..256",
            "candidate:1 1 udp -5 10.0.0.1 5000 typ host|priority -5 is outside",
            "candidate:1 1 udp 4294967296 10.0.0.1 5000 typ host|priority 4294967296 is outside",
            "candidate:1 1 udp 12ab 10.0.0.1 5000 typ host|priority \"12ab\" is not a number",
            "candidate:1 1 udp 1 10.0.0.1 65536 typ host|port \"65536\" is not a number in 0..65535",
            "candidate:1 1 udp 1 10.0.0.1 http typ host|port \"http\"",
            "candidate:1 1 udp 1 10.0.0.1 5000 type host|expected \"typ\" after the port",
            "candidate:1 1 udp 1 10.0.0.1 5000 typ local|unknown candidate type \"local\"",
            "candidate:1 1 udp 1 10.0.0.1 5000 typ srflx raddr|extension \"raddr\" has no value",
            "candidate:1 1 udp 1 10.0.0.1 5000 typ srflx raddr 1.1.1.1 rport -1|rport \"-1\"",
            "hello world|needs at least 8"})
    void rejectsJunkWithAClearReason(String text, String reason) {
        IceCandidate.ParseResult r = IceCandidate.parse(text);
        assertThat(r).isInstanceOf(IceCandidate.Rejected.class);
        assertThat(((IceCandidate.Rejected) r).error()).contains(reason);
    }

    @Test
    void rejectsNullAndAbbreviatesHugeInput() {
        assertThat(IceCandidate.parse(null)).isInstanceOf(IceCandidate.Rejected.class);
        IceCandidate.ParseResult r = IceCandidate.parse("x".repeat(10_000));
        assertThat(((IceCandidate.Rejected) r).error()).hasSizeLessThan(200);
    }

    @Test
    void socketAddressNeverResolvesNames() throws Exception {
        IceCandidate ip = ((IceCandidate.Parsed) IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 5000 typ host"))
                .candidate();
        assertThat(ip.socketAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 5000));
        assertThat(ip.isMdns()).isFalse();
        IceCandidate v6 = ((IceCandidate.Parsed) IceCandidate.parse("candidate:1 1 udp 1 fe80::1 5000 typ host"))
                .candidate();
        assertThat(v6.socketAddress().getAddress()).isEqualTo(InetAddress.getByName("fe80::1"));
        IceCandidate mdns = ((IceCandidate.Parsed) IceCandidate.parse(
                "candidate:1 1 udp 1 abc.local 5000 typ host")).candidate();
        assertThat(mdns.isMdns()).isTrue();
        assertThat(mdns.socketAddress()).isNull();
        IceCandidate name = ((IceCandidate.Parsed) IceCandidate.parse(
                "candidate:1 1 udp 1 example.invalid 5000 typ host")).candidate();
        assertThat(name.socketAddress()).isNull();
        IceCandidate badQuad = ((IceCandidate.Parsed) IceCandidate.parse(
                "candidate:1 1 udp 1 300.1.1.1 5000 typ host")).candidate();
        assertThat(badQuad.socketAddress()).isNull();
    }
}
