package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JanusConfigTest {

    private final List<String> warnings = new ArrayList<>();

    private JanusConfig from(String text) {
        return from(text, Map.of());
    }

    private JanusConfig from(String text, Map<String, String> env) {
        return JanusConfig.from(JcfgParser.parse("janus.jcfg", text), env, warnings::add);
    }

    @Test
    void defaultsAreJanusDefaultsExceptWhereWildfireDiffers() throws Exception {
        JanusConfig c = JanusConfig.defaults();
        assertThat(c.general().serverName()).isEqualTo("Wildfire SFU");
        assertThat(c.general().sessionTimeoutSeconds()).isEqualTo(60);
        assertThat(c.general().reclaimSessionTimeoutSeconds()).isZero();
        assertThat(c.general().candidatesTimeoutSeconds()).isEqualTo(45);
        assertThat(c.general().apiSecret()).isEmpty();
        assertThat(c.general().tokenAuth()).isFalse();
        assertThat(c.general().adminSecret()).isEmpty();
        assertThat(c.general().recordingsTmpExt()).isEmpty();
        assertThat(c.general().debugLevel()).isEqualTo(4);
        assertThat(c.general().logToStdout()).isTrue();
        assertThat(c.general().protectedFolders()).isEmpty();
        assertThat(c.certificates().certPem()).isEmpty();
        assertThat(c.certificates().dtlsAcceptSelfsigned()).isTrue();
        assertThat(c.media().rtpPortRange()).isEqualTo(new PortRange(20000, 40000));
        assertThat(c.media().dtlsMtu()).isEqualTo(1200);
        assertThat(c.media().minNackQueueMs()).isEqualTo(200);
        assertThat(c.media().noMediaTimerSeconds()).isEqualTo(1);
        assertThat(c.media().slowlinkThreshold()).isZero();
        assertThat(c.media().twccPeriodMs()).isEqualTo(100);
        assertThat(c.media().dtlsTimeoutMs()).isEqualTo(1000);
        assertThat(c.media().ipv6()).isFalse();
        assertThat(c.nat().iceLite()).isTrue();
        assertThat(c.nat().iceTcp()).isFalse();
        assertThat(c.nat().iceNomination()).isEqualTo("aggressive");
        assertThat(c.nat().nat11Mapping()).isEmpty();
        assertThat(c.nat().iceIgnoreList()).containsExactly("vmnet");
        assertThat(c.nat().iceEnforceList()).isEmpty();
        assertThat(c.nat().stunServer()).isEmpty();
        assertThat(c.nat().turn()).isEmpty();
        assertThat(c.transports().disabled()).isEmpty();
        assertThat(c.events().broadcast()).isFalse();
        assertThat(c.events().statsPeriodSeconds()).isEqualTo(5);
    }

    /** Every key of the sample is known, and lands in its field. */
    @Test
    void everyJanusKeyIsKnownAndMapped() throws Exception {
        JcfgGroup root = JcfgParser.parseFile(WildfireFixtures.resource("config/all-janus-keys.jcfg"));
        JanusConfig c = JanusConfig.from(root, Map.of(), warnings::add);
        assertThat(warnings).noneMatch(w -> w.contains("unknown key"));
        JanusConfig.General g = c.general();
        assertThat(g).isEqualTo(new JanusConfig.General("MyJanusInstance", 120, 10, 30, Optional.of("janusrocks"), true,
                Optional.of("janus"), Optional.of("janusoverlord"), Optional.of("tmp"), 8, true, 100, 7, true, false,
                Optional.of("[janus] "), false, Optional.of("/var/log/janus.log"), Optional.of("/run/janus.pid"),
                Optional.of("192.0.2.2"), true, true, List.of("/bin", "/usr")));
        assertThat(c.certificates()).isEqualTo(new JanusConfig.Certificates(
                Optional.of("/etc/ssl/certs/ssl-cert-snakeoil.pem"), Optional.of("/etc/ssl/private/ssl-cert-snakeoil.key"),
                Optional.of("secretpassphrase"), false, Optional.of("DEFAULT:!NULL"), true));
        assertThat(c.media()).isEqualTo(new JanusConfig.Media(true, true, 500, new PortRange(10000, 10100), 1400, 2, 4,
                100, 500, true, 46, 0));
        JanusConfig.Nat n = c.nat();
        assertThat(n.stunServer()).contains("stun.example.org");
        assertThat(n.stunPort()).isEqualTo(3479);
        assertThat(n.fullTrickle()).isTrue();
        assertThat(n.iceNomination()).isEqualTo("regular");
        assertThat(n.iceKeepaliveConncheck()).isTrue();
        assertThat(n.iceLite()).isFalse();
        assertThat(n.iceTcp()).isTrue();
        assertThat(n.hangupOnFailed()).isTrue();
        assertThat(n.ignoreMdns()).isTrue();
        assertThat(n.nat11Mapping()).containsExactly(InetAddress.getByName("203.0.113.7"),
                InetAddress.getByName("2001:db8::7"));
        assertThat(n.keepPrivateHost()).isTrue();
        assertThat(n.turn()).contains(new JanusConfig.Turn("turn.example.org", 3480, "tcp", Optional.of("myuser"),
                Optional.of("mypassword")));
        assertThat(n.turnRestApi()).contains(new JanusConfig.TurnRestApi("http://backend.example.org/turn",
                Optional.of("apikey"), "POST", 5));
        assertThat(n.allowForceRelay()).isTrue();
        assertThat(n.iceEnforceList()).containsExactly("eth0", "192.168.");
        assertThat(n.iceIgnoreList()).containsExactly("vmnet8", "10.0.0.1");
        assertThat(n.ignoreUnreachableIceServer()).isTrue();
        assertThat(c.plugins().disabled()).containsExactly("libjanus_voicemail.so", "libjanus_recordplay.so");
        assertThat(c.transports().isDisabled("libjanus_websockets.so")).isTrue();
        assertThat(c.transports().isDisabled("libjanus_http.so")).isFalse();
        assertThat(c.loggers().disabled()).containsExactly("libjanus_jsonlog.so");
        assertThat(c.events()).isEqualTo(new JanusConfig.Events(true, true, List.of("libjanus_sampleevh.so"), 10));
        // The settings we cannot honour are each named once.
        assertThat(warnings).hasSize(10).allMatch(w -> w.startsWith("all-janus-keys.jcfg:"));
        assertThat(String.join("\n", warnings)).contains("general.daemonize = true is not supported",
                "general.no_webrtc_encryption = true is not supported", "certificates.dtls_ciphers",
                "certificates.dtls_accept_selfsigned = false", "nat.stun_server is not used", "nat.turn_server",
                "nat.turn_rest_api", "nat.ice_lite = false is not supported", "nat.ice_tcp = true",
                "events.broadcast = true is not supported");
    }

    /**
     * Every setting in Janus's own sample janus.jcfg, commented out or not, is known: the
     * sample with each {@code #key = value} line uncommented maps with no unknown-key warning.
     */
    @Test
    void everyKeyOfTheInstalledJanusSampleIsKnown() throws IOException {
        Path sample = JanusSampleFiles.listOrSkip().stream()
                .filter(p -> p.getFileName().toString().equals("janus.jcfg")).findFirst().orElseThrow();
        String text = Files.readString(sample);
        Matcher commented = Pattern.compile("(?m)^(\\s*)#([a-z0-9_]+\\s*=)").matcher(text);
        String uncommented = commented.replaceAll("$1$2");
        assertThat(uncommented).isNotEqualTo(text);
        JanusConfig.from(JcfgParser.parse("janus.jcfg", uncommented), Map.of(), warnings::add);
        assertThat(warnings).noneMatch(w -> w.contains("unknown key"));
        JanusConfig.from(JcfgParser.parseFile(sample), Map.of(), warnings::add);
        assertThat(warnings).noneMatch(w -> w.contains("unknown key"));
    }

    @Test
    void unknownKeysAndSectionsAreWarnings() {
        JanusConfig c = from("general: {\n\tfoo = 1\n}\nmedia: { rtp_port_rang = \"1-2\" }\nwebrtc: { }\nx = 1\n");
        assertThat(warnings).containsExactly(
                "janus.jcfg:5:1: unknown key webrtc (ignored)",
                "janus.jcfg:6:1: unknown key x (ignored)",
                "janus.jcfg:2:2: unknown key general.foo (ignored)",
                "janus.jcfg:4:10: unknown key media.rtp_port_rang (ignored)");
        assertThat(c.media().rtpPortRange()).isEqualTo(new PortRange(20000, 40000));
    }

    @Test
    void valuesAreReadLenientlyAndIgnoringCaseLikeJanus() {
        JanusConfig c = from("General: { Session_Timeout = \"30\"; token_auth = \"yes\"; debug_level = 0 }\n"
                + "media: { ipv6 = 1; rtp_port_range = \" 20000 - 20100 \" }\n"
                + "nat: { ice_lite = \"TRUE\"; ice_nomination = \"Regular\"; nat_1_1_mapping = [\"198.51.100.1\"] }");
        assertThat(c.general().sessionTimeoutSeconds()).isEqualTo(30);
        assertThat(c.general().tokenAuth()).isTrue();
        assertThat(c.general().debugLevel()).isZero();
        assertThat(c.media().ipv6()).isTrue();
        assertThat(c.media().rtpPortRange()).isEqualTo(new PortRange(20000, 20100));
        assertThat(c.nat().iceNomination()).isEqualTo("regular");
        assertThat(c.nat().nat11Mapping()).extracting(InetAddress::getHostAddress).containsExactly("198.51.100.1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void zeroCandidatesTimeoutIsIgnoredAsJanusDoes() {
        JanusConfig c = from("general: { candidates_timeout = 0 }");
        assertThat(c.general().candidatesTimeoutSeconds()).isEqualTo(45);
        assertThat(warnings).containsExactly(
                "janus.jcfg:1:12: general.candidates_timeout = 0 is ignored, as in Janus; using 45");
    }

    @Test
    void emptySecretsAreUnset() {
        JanusConfig c = from("general: { api_secret = \"\"; admin_secret = \"\" }");
        assertThat(c.general().apiSecret()).isEmpty();
        assertThat(c.general().adminSecret()).isEmpty();
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("media: {\n\trtp_port_range = \"40000-20000\"\n}",
                        "janus.jcfg:2:2: media.rtp_port_range: \"40000-20000\" is invalid; expected a string \"MIN-MAX\""
                                + " with 1 <= MIN <= MAX <= 65535, e.g. \"20000-40000\""),
                Arguments.of("media: { rtp_port_range = \"20000\" }", "janus.jcfg:1:10: media.rtp_port_range: \"20000\""),
                Arguments.of("media: { rtp_port_range = \"0-100\" }", "media.rtp_port_range: \"0-100\" is invalid"),
                Arguments.of("media: { rtp_port_range = \"1-65536\" }", "media.rtp_port_range: \"1-65536\" is invalid"),
                Arguments.of("media: { rtp_port_range = \"a-b\" }", "media.rtp_port_range: \"a-b\" is invalid"),
                Arguments.of("media: { rtp_port_range = 20000 }", "media.rtp_port_range: \"20000\" is invalid"),
                Arguments.of("media: { dtls_mtu = 100 }",
                        "janus.jcfg:1:10: media.dtls_mtu: 100 is invalid; expected an integer from 256 to 65535"),
                Arguments.of("media: { dtls_mtu = \"big\" }", "media.dtls_mtu: \"big\" is invalid; expected an integer"),
                Arguments.of("media: { twcc_period = 0 }", "media.twcc_period: 0 is invalid; expected an integer from 1"),
                Arguments.of("media: { min_nack_queue = -1 }", "media.min_nack_queue: -1 is invalid"),
                Arguments.of("media: { dscp = 64 }", "media.dscp: 64 is invalid; expected an integer from 0 to 63"),
                Arguments.of("general: { debug_level = 8 }",
                        "janus.jcfg:1:12: general.debug_level: 8 is invalid; expected an integer from 0 to 7"),
                Arguments.of("general: { session_timeout = -1 }", "general.session_timeout: -1 is invalid"),
                Arguments.of("general: { token_auth = \"maybe\" }",
                        "general.token_auth: \"maybe\" is invalid; expected true or false"),
                Arguments.of("general: { protected_folders = ( { a = 1 } ) }",
                        "general.protected_folders: \"{ group }\" is invalid; expected a list of strings"),
                Arguments.of("general = 5", "janus.jcfg:1:1: general: 5 is invalid; expected a group { ... }"),
                Arguments.of("certificates: { cert_pem = \"/x.pem\" }",
                        "janus.jcfg:1:17: certificates.cert_pem: \"/x.pem\" is invalid; certificates.cert_key must be set too"),
                Arguments.of("nat: { nat_1_1_mapping = \"1.2.3.4,example.com\" }",
                        "janus.jcfg:1:8: nat.nat_1_1_mapping: \"1.2.3.4,example.com\" is invalid; expected IP addresses"),
                Arguments.of("nat: { nat_1_1_mapping = \"1.2.3.256\" }", "nat.nat_1_1_mapping: \"1.2.3.256\" is invalid"),
                Arguments.of("nat: { ice_nomination = \"lazy\" }",
                        "nat.ice_nomination: \"lazy\" is invalid; expected one of regular, aggressive"),
                Arguments.of("nat: { turn_server = \"t\"; turn_type = \"sctp\" }",
                        "nat.turn_type: \"sctp\" is invalid; expected one of udp, tcp, tls"),
                Arguments.of("nat: { stun_port = 70000 }", "nat.stun_port: 70000 is invalid"),
                Arguments.of("events: { stats_period = -5 }", "events.stats_period: -5 is invalid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void invalidValuesNameFileKeyValueAndAllowed(String text, String expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> from(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.getMessage()).contains(expected).startsWith("janus.jcfg:").doesNotContain("\n");
    }

    @Test
    void dockerIpOverridesNatMapping() throws Exception {
        JanusConfig c = from("nat: {\n\tnat_1_1_mapping = \"1.2.3.4\"\n}", Map.of("DOCKER_IP", "203.0.113.9"));
        assertThat(c.nat().nat11Mapping()).containsExactly(InetAddress.getByName("203.0.113.9"));
        assertThat(warnings).containsExactly(
                "janus.jcfg:2:2: DOCKER_IP=203.0.113.9 overrides nat.nat_1_1_mapping \"1.2.3.4\"");

        warnings.clear();
        JanusConfig unset = from("nat: { }", Map.of("DOCKER_IP", "2001:db8::1, 198.51.100.2"));
        assertThat(unset.nat().nat11Mapping()).containsExactly(InetAddress.getByName("2001:db8::1"),
                InetAddress.getByName("198.51.100.2"));
        assertThat(warnings).isEmpty();

        assertThat(from("nat: { nat_1_1_mapping = \"1.2.3.4\" }", Map.of("DOCKER_IP", " ")).nat().nat11Mapping())
                .containsExactly(InetAddress.getByName("1.2.3.4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"myhost.example.com", "1.2.3", "1.2.3.4.5", "300.1.1.1", "::g", "1.2.3.4:5000", "localhost"})
    void invalidDockerIpIsAClearError(String value) {
        assertThatThrownBy(() -> from("", Map.of("DOCKER_IP", value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable DOCKER_IP: \"" + value + "\" is invalid; expected the server's"
                        + " public IP address (an IPv4 or IPv6 literal such as 203.0.113.7, or a comma-separated"
                        + " list of them)");
    }

    @Test
    void portRangeParsesAndValidates() {
        assertThat(PortRange.parse("20000-40000")).isEqualTo(new PortRange(20000, 40000));
        assertThat(PortRange.parse("5000-5000").size()).isEqualTo(1);
        assertThat(new PortRange(10, 20).contains(20)).isTrue();
        assertThat(new PortRange(10, 20).contains(21)).isFalse();
        assertThat(PortRange.parse("1-65535")).hasToString("1-65535");
        for (String bad : List.of("", "-", "1-", "-2", "2-1", "1-2-3", "0-10", "10-65536", "x-y", "123456-123457")) {
            assertThatThrownBy(() -> PortRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MIN-MAX");
        }
    }
}
