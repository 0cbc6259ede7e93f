package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration folder Wildfire ships with its Janus image loads as that Janus would read it. */
class WildfireConfigTest {

    private final List<String> warnings = new ArrayList<>();

    @Test
    void janusJcfgLoadsWithWildfireValues() {
        ConfigFolder folder = ConfigFolder.open(WildfireFixtures.folder(), warnings::add);
        JanusConfig config = JanusConfig.load(folder, Map.of(), warnings::add);
        assertThat(config.general().debugLevel()).isEqualTo(4);
        assertThat(config.general().adminSecret()).contains("janusoverlord");
        assertThat(config.general().recordingsTmpExt()).contains("tmp");
        assertThat(config.general().apiSecret()).isEmpty();
        assertThat(config.general().sessionTimeoutSeconds()).isEqualTo(60);
        assertThat(config.general().protectedFolders()).hasSize(20).contains("/var/janus/janus/lib64");
        assertThat(config.media().rtpPortRange()).isEqualTo(new PortRange(20000, 40000));
        assertThat(config.media().dtlsMtu()).isEqualTo(1200);
        assertThat(config.media().slowlinkThreshold()).isEqualTo(10);
        assertThat(config.nat().iceLite()).isTrue();
        assertThat(config.nat().iceIgnoreList()).containsExactly("vmnet", "docker");
        assertThat(config.nat().nat11Mapping()).isEmpty();
        assertThat(config.transports().disabled()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void dockerIpBecomesTheNatMapping() throws Exception {
        ConfigFolder folder = ConfigFolder.open(WildfireFixtures.folder(), warnings::add);
        JanusConfig config = JanusConfig.load(folder, Map.of("DOCKER_IP", "192.168.3.102"), warnings::add);
        assertThat(config.nat().nat11Mapping()).containsExactly(InetAddress.getByName("192.168.3.102"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void mqttTransportSettingsAreThere() {
        JcfgGroup mqtt = ConfigFolder.open(WildfireFixtures.folder(), warnings::add).file(ConfigFolder.MQTT);
        JcfgGroup general = mqtt.group("general");
        assertThat(general.getBoolean("enabled", false)).isTrue();
        assertThat(general.getString("json", "indented")).isEqualTo("compact");
        assertThat(general.getStringList("im_host")).containsExactly("192.168.1.81");
        assertThat(general.getInt("im_port", 0, 1, 65535)).isEqualTo(80);
        assertThat(general.has("mqtt_port")).isFalse();
        assertThat(general.getString("client_id", "guest")).isEqualTo("conference_server_1");
        assertThat(general.has("keep_alive_interval")).isFalse();
        assertThat(general.getInt("max_inflight", 10, 1, 65535)).isEqualTo(512);
        assertThat(general.getInt("max_buffered", 100, 1, 65535)).isEqualTo(1024);
        assertThat(general.getString("subscribe_topic", null)).isEqualTo("to-janus");
        assertThat(general.getString("publish_topic", null)).isEqualTo("from-janus");
        assertThat(general.getInt("subscribe_qos", 1, 0, 2)).isZero();
        assertThat(general.getInt("publish_qos", 1, 0, 2)).isZero();
        assertThat(mqtt.group("admin").getBoolean("admin_enabled", false)).isFalse();
        assertThat(mqtt.group("admin").getString("subscribe_topic", null)).isEqualTo("to-janus-admin");
        assertThat(mqtt.group("status").getBoolean("enabled", true)).isFalse();
        assertThat(warnings).isEmpty();
    }

    @Test
    void videoRoomFileWrittenByJanusReadsBack() {
        ConfigFolder folder = ConfigFolder.open(WildfireFixtures.folder(), warnings::add);
        JcfgGroup videoroom = folder.file(ConfigFolder.VIDEOROOM);
        // Janus saves every value as a string ("true"); the lenient getter reads it as a boolean.
        assertThat(videoroom.group("general").getBoolean("string_ids", false)).isTrue();
        assertThat(videoroom.groups()).extracting(JcfgGroup::name).containsExactly("general");
        // Transports Wildfire does not configure run on their defaults.
        assertThat(folder.file(ConfigFolder.HTTP).keys()).isEmpty();
        assertThat(folder.file(ConfigFolder.WEBSOCKETS).keys()).isEmpty();
    }
}
