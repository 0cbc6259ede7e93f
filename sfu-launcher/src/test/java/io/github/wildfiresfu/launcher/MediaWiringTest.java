package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JanusConfig;
import io.github.wildfiresfu.config.JcfgParser;
import io.github.wildfiresfu.media.engine.MediaEngineSettings;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostAddress;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostInterface;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How janus.jcfg becomes the media engine's settings, and that the server owns the engine: it
 * starts with the server, and {@code close()} releases its ports and stops its threads.
 */
class MediaWiringTest {

    @TempDir
    Path dir;

    private static final List<HostInterface> MACHINE = List.of(
            new HostInterface("lo", true, true, List.of(ip("127.0.0.1"))),
            new HostInterface("eth0", true, false, List.of(ip("10.1.2.3"))),
            new HostInterface("docker0", true, false, List.of(ip("172.17.0.1"))));

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JanusConfig config(String janusJcfg, Map<String, String> env) {
        return JanusConfig.from(JcfgParser.parse("janus.jcfg", janusJcfg), env, w -> { });
    }

    @Test
    void janusJcfgMediaAndNatSectionsBecomeEngineSettings() {
        MediaEngineSettings s = WildfireSfu.mediaSettings(config("""
                general: { event_loops = 3 }
                media: { rtp_port_range = "31000-31099" dtls_mtu = 1300 dtls_timeout = 500 min_nack_queue = 2500
                         no_media_timer = 3 }
                nat: { ice_ignore_list = "docker" nat_1_1_mapping = "203.0.113.7" keep_private_host = true }
                """, Map.of()), MACHINE);
        assertThat(s.portMin()).isEqualTo(31000);
        assertThat(s.portMax()).isEqualTo(31099);
        assertThat(s.dtlsMtu()).isEqualTo(1300);
        assertThat(s.dtlsRetransmitTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.retransmissionWindow()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.mediaLoops()).isEqualTo(3);
        assertThat(s.noMediaTimer()).isEqualTo(Duration.ofSeconds(3));
        // Loopback is allowed (unlike Janus); docker0 is ignored; the public address comes first.
        assertThat(s.addresses()).extracting(a -> a.advertised().getHostAddress() + "/" + a.localAddress().getHostAddress())
                .containsExactly("203.0.113.7/127.0.0.1", "127.0.0.1/127.0.0.1", "203.0.113.7/10.1.2.3",
                        "10.1.2.3/10.1.2.3");
        assertThat(s.bindAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void dockerIpOverridesTheMappingAndTheEnforceListPicksOneAddress() {
        MediaEngineSettings s = WildfireSfu.mediaSettings(config("""
                nat: { ice_enforce_list = "eth0" nat_1_1_mapping = "203.0.113.7" }
                """, Map.of(JanusConfig.DOCKER_IP, "198.51.100.9")), MACHINE);
        assertThat(s.addresses()).extracting(HostAddress::advertised).containsExactly(ip("198.51.100.9"));
        assertThat(s.bindAddress()).isEqualTo(ip("10.1.2.3"));
        assertThat(s.portMin()).isEqualTo(MediaEngineSettings.DEFAULT_PORT_MIN);
        assertThat(s.retransmissionWindow()).isEqualTo(MediaEngineSettings.DEFAULT_RETRANSMISSION_WINDOW);
    }

    @Test
    void noQualifyingAddressOrAHalfConfiguredCertificateIsAConfigError() {
        assertThatThrownBy(() -> WildfireSfu.mediaSettings(config("nat: { ice_enforce_list = \"wlan9\" }", Map.of()),
                MACHINE)).isInstanceOf(ConfigException.class).hasMessageStartingWith("no network address qualifies");
        assertThatThrownBy(() -> WildfireSfu.mediaSettings(config("""
                certificates: { cert_pem = "/nonexistent/cert.pem" cert_key = "/nonexistent/key.pem" }
                """, Map.of()), MACHINE)).isInstanceOf(ConfigException.class).hasMessageContaining("/nonexistent/");
    }

    @Test
    void theServerOwnsTheEngineAndCloseReleasesItsPortsAndThreads() throws Exception {
        int http = ExternalTools.freePort();
        Path conf = TestConfigs.folder(dir.resolve("conf"), http, ExternalTools.freePort(), "");
        java.nio.file.Files.writeString(conf.resolve("janus.jcfg"), """
                general: { session_timeout = 60 }
                media: { rtp_port_range = "44500-44509" }
                nat: { ice_enforce_list = "127.0.0.1" }
                """);
        WildfireSfu sfu = WildfireSfu.start(conf, Map.of());
        List<Thread> loops;
        try {
            assertThat(sfu.media().settings().portMin()).isEqualTo(44500);
            loops = sfu.media().loopThreads();
            assertThat(loops).isNotEmpty().allMatch(Thread::isAlive);
        } finally {
            sfu.close();
        }
        for (Thread t : loops) {
            t.join(5000);
            assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
        assertThat(sfu.media().portsInUse()).isEmpty();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 44500))) {
            assertThat(s.getLocalPort()).isEqualTo(44500);
        }
    }
}
