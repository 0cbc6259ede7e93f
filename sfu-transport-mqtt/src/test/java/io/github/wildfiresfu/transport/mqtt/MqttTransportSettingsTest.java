package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgParser;
import io.github.wildfiresfu.janus.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MqttTransportSettingsTest {

    /** The repository root: surefire sets WILDFIRE_SFU_REPO; from an IDE the module folder's parent. */
    static Path repo() {
        String fromEnv = System.getenv("WILDFIRE_SFU_REPO");
        return fromEnv != null ? Path.of(fromEnv) : Path.of("..").toAbsolutePath().normalize();
    }

    private static MqttTransportSettings read(String text, List<String> warnings) {
        return MqttTransportSettings.fromJcfg(JcfgParser.parse("janus.transport.mqtt.jcfg", text), warnings::add);
    }

    @Test
    void wildfireShippedFileLoadsWithoutErrorsOrNoise() {
        Path file = repo().resolve("sfu-core/src/test/resources/config/wildfire/janus.transport.mqtt.jcfg");
        assertThat(Files.isRegularFile(file)).as(file.toString()).isTrue();
        List<String> warnings = new ArrayList<>();
        MqttTransportSettings s = MqttTransportSettings.fromJcfg(JcfgParser.parseFile(file), warnings::add);
        assertThat(s.enabled()).isTrue();
        assertThat(s.imHosts()).containsExactly("192.168.1.81");
        assertThat(s.imPort()).isEqualTo(80);
        assertThat(s.mqttPort()).isEqualTo(1883);
        assertThat(s.clientId()).isEqualTo("conference_server_1");
        assertThat(s.json()).isEqualTo(JsonFormat.COMPACT);
        assertThat(s.keepAliveSeconds()).isEqualTo(20);
        assertThat(s.cleanSession()).isFalse();
        assertThat(s.maxInflight()).isEqualTo(512);
        assertThat(s.maxBuffered()).isEqualTo(1024);
        assertThat(s.disconnectTimeout()).isEqualTo(Duration.ofMillis(100));
        // Its topics and QoS equal the hard-coded ones, status and admin are off: nothing to say.
        assertThat(warnings).isEmpty();
    }

    @Test
    void defaultsAreTheForksAndAnUnsetClientIdIsWarnedAbout() {
        List<String> warnings = new ArrayList<>();
        MqttTransportSettings s = read("general: { enabled = true }", warnings);
        assertThat(s).isEqualTo(MqttTransportSettings.defaults().withEnabled(true));
        assertThat(s.imHosts()).containsExactly("localhost");
        assertThat(s.clientId()).isEqualTo("guest");
        assertThat(s.json()).isEqualTo(JsonFormat.INDENTED);
        assertThat(s.maxInflight()).isEqualTo(10);
        assertThat(s.maxBuffered()).isEqualTo(100);
        assertThat(s.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.bootstrapTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(warnings).singleElement().asString()
                .contains("general.client_id is not set").contains("\"guest\"").contains("conference.client_list");
        assertThat(read("", new ArrayList<>()).enabled()).as("Janus: disabled unless enabled = true").isFalse();
    }

    @Test
    void imHostIsACommaListAndCleansessionIsANumber() {
        List<String> warnings = new ArrayList<>();
        MqttTransportSettings s = read("general: { client_id = \"a\", im_host = \"10.0.0.1, im2.example,,\","
                + " im_port = 8080, mqtt_port = 1884, cleansession = 2, keep_alive_interval = 60,"
                + " json = \"plain\", disconnect_timeout = 0 }", warnings);
        assertThat(s.imHosts()).containsExactly("10.0.0.1", "im2.example");
        assertThat(s.imPort()).isEqualTo(8080);
        assertThat(s.mqttPort()).isEqualTo(1884);
        assertThat(s.cleanSession()).isTrue();
        assertThat(s.keepAliveSeconds()).isEqualTo(60);
        assertThat(s.json()).isEqualTo(JsonFormat.PLAIN);
        assertThat(s.disconnectTimeout()).isZero();
        assertThat(warnings).isEmpty();
        assertThat(read("general: { client_id = \"a\", cleansession = \"yes\" }", warnings).cleanSession()).isTrue();
        assertThat(read("general: { client_id = \"a\", enable = true }", warnings).enabled()).isTrue();
        assertThat(warnings).singleElement().asString().contains("general.enable").contains("deprecated");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "url = \"tcp://10.0.0.9:1883\"          | general.url: ignored: the broker address comes from the IM's /api/node",
        "username = \"u\"                       | general.username: ignored",
        "subscribe_topic = \"other\"            | general.subscribe_topic: ignored: the Wildfire fork always uses \"to-janus\"",
        "publish_topic = \"out\"                | general.publish_topic: ignored: the Wildfire fork always uses \"from-janus\"",
        "publish_qos = 1                        | general.publish_qos: ignored: the Wildfire fork always uses QoS 0",
        "mqtt_version = \"5\"                   | general.mqtt_version: ignored: the Wildfire IM link uses MQTT 3.1.1",
        "ssl_enabled = true                     | general.ssl_enabled: TLS to the broker is not supported",
        "colour = \"red\"                       | unknown key general.colour (ignored)",
    })
    void legacyAndUnsupportedKeysAreWarnedAboutAndIgnored(String line, String warning) {
        List<String> warnings = new ArrayList<>();
        MqttTransportSettings s = read("general: { client_id = \"a\"\n" + line + "\n}", warnings);
        assertThat(s.clientId()).isEqualTo("a");
        assertThat(warnings).singleElement().asString().contains(warning).startsWith("janus.transport.mqtt.jcfg:2:");
    }

    @Test
    void statusAndAdminSectionsAreKnownAndWarnOnlyWhenEnabled() {
        List<String> warnings = new ArrayList<>();
        read("general: { client_id = \"a\" }\nadmin: { admin_enabled = true, subscribe_topic = \"x\" }\n"
                + "status: { enabled = true, topic = \"status\", qos = 1, retain = false }\nextra: { }", warnings);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("unknown key extra");
        assertThat(warnings).anyMatch(w -> w.contains("admin.admin_enabled") && w.contains("Admin API over MQTT"));
        assertThat(warnings).anyMatch(w -> w.contains("status.enabled") && w.contains("status messages"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "im_port = 0                 | general.im_port: 0 is invalid; expected an integer from 1 to 65535",
        "mqtt_port = 70000           | general.mqtt_port: 70000 is invalid",
        "im_host = \",\"             | general.im_host: \",\" is invalid; expected one or more IM hosts",
        "json = \"pretty\"           | general.json: \"pretty\" is invalid; expected indented, plain or compact",
        "keep_alive_interval = -1    | general.keep_alive_interval: -1 is invalid",
        "max_inflight = 0            | general.max_inflight: 0 is invalid",
        "max_buffered = -5           | general.max_buffered: -5 is invalid",
        "disconnect_timeout = \"x\"  | general.disconnect_timeout: \"x\" is invalid",
        "cleansession = -1           | general.cleansession: -1 is invalid",
        "client_id = \"\"            | general.client_id: \"\" is invalid",
    })
    void badValuesFailWithTheirPosition(String line, String message) {
        assertThatThrownBy(() -> read("general: {\n" + line + "\n}", new ArrayList<>()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("janus.transport.mqtt.jcfg:2:")
                .hasMessageContaining(message);
    }

    @Test
    void recordRejectsImpossibleValues() {
        MqttTransportSettings d = MqttTransportSettings.defaults();
        assertThatThrownBy(() -> d.withIm(List.of(), 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withIm(List.of("h"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withClientId("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTimings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTimings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("reconnectMaxDelay");
        JcfgGroup empty = JcfgGroup.empty("janus.transport.mqtt.jcfg");
        assertThat(MqttTransportSettings.fromJcfg(empty, w -> { }).enabled()).isFalse();
    }
}
