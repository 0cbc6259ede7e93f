package io.github.wildfiresfu.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgPosition;
import io.github.wildfiresfu.config.JcfgScalar;
import io.github.wildfiresfu.config.JcfgValue;
import io.github.wildfiresfu.janus.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mapping of {@code janus.transport.http.jcfg} and {@code janus.transport.websockets.jcfg}. */
class TransportSettingsTest {

    private final List<String> warnings = new ArrayList<>();

    /** The groups of Janus 1.1.2's /etc/janus/janus.transport.http.jcfg, every key uncommented. */
    private static Map<String, Object> janusHttpSample() {
        Map<String, Object> general = new LinkedHashMap<>();
        general.put("events", true);
        general.put("json", "indented");
        general.put("base_path", "/janus");
        general.put("http", true);
        general.put("port", 8088);
        general.put("interface", "lo");
        general.put("ip", "127.0.0.1");
        general.put("https", false);
        general.put("secure_port", 8089);
        general.put("secure_interface", "eth0");
        general.put("secure_ip", "192.168.0.1");
        general.put("acl", "127.,192.168.0.");
        general.put("mhd_connection_limit", 1020);
        general.put("mhd_debug", false);
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("admin_base_path", "/admin");
        admin.put("admin_http", false);
        admin.put("admin_port", 7088);
        admin.put("admin_interface", "eth0");
        admin.put("admin_ip", "192.168.0.1");
        admin.put("admin_https", false);
        admin.put("admin_secure_port", 7889);
        admin.put("admin_secure_interface", "eth0");
        admin.put("admin_secure_ip", "192.168.0.1");
        admin.put("admin_acl", "127.,192.168.0.");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("general", general);
        root.put("admin", admin);
        root.put("cors", Map.of("allow_origin", "http://foo.example", "enforce_cors", true));
        root.put("certificates", Map.of("cert_pem", "/etc/ssl/certs/ssl-cert-snakeoil.pem",
                "cert_key", "/etc/ssl/private/ssl-cert-snakeoil.key", "cert_pwd", "secretpassphrase",
                "ciphers", "PFS:-VERS-TLS1.0:-VERS-TLS1.1:-3DES-CBC:-ARCFOUR-128"));
        return root;
    }

    private static JcfgGroup http(Map<String, Object> general) {
        return JcfgGroup.of("janus.transport.http.jcfg", Map.of("general", general));
    }

    @Test
    void httpDefaultsAreJanusDefaultsExceptTheLoopbackAddress() {
        HttpTransportSettings s = HttpTransportSettings.fromJcfg(JcfgGroup.empty("janus.transport.http.jcfg"),
                warnings::add);
        assertThat(s).isEqualTo(HttpTransportSettings.defaults());
        assertThat(s.enabled()).isTrue();
        assertThat(s.json()).isEqualTo(JsonFormat.INDENTED);
        assertThat(s.basePath()).isEqualTo("/janus");
        assertThat(s.listen()).isEqualTo(new ListenAddress("127.0.0.1", null, 8088));
        assertThat(s.cors()).isEqualTo(CorsPolicy.PERMISSIVE);
        assertThat(s.acl().allowed()).isEmpty();
        assertThat(s.connectionLimit()).isEqualTo(1020);
        assertThat(s.longPollTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(warnings).isEmpty();
    }

    @Test
    void everyKeyOfJanusSampleIsKnown() {
        HttpTransportSettings s = HttpTransportSettings.fromJcfg(
                JcfgGroup.of("janus.transport.http.jcfg", janusHttpSample()), warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(s.listen()).isEqualTo(new ListenAddress("127.0.0.1", "lo", 8088));
        assertThat(s.acl().allowed()).containsExactly("127.", "192.168.0.");
        assertThat(s.acl().allows("127.0.0.1")).isTrue();
        assertThat(s.acl().allows("10.0.0.1")).isFalse();
        assertThat(s.cors()).isEqualTo(new CorsPolicy("http://foo.example", true));
    }

    @Test
    void valuesAreMapped() {
        HttpTransportSettings s = HttpTransportSettings.fromJcfg(http(Map.of(
                "json", "compact", "base_path", "/api/", "http", "no", "port", "9000", "ip", "0.0.0.0",
                "mhd_connection_limit", 10, "acl_forwarded", "yes")), warnings::add);
        assertThat(s.json()).isEqualTo(JsonFormat.COMPACT);
        assertThat(s.basePath()).isEqualTo("/api");
        assertThat(s.enabled()).isFalse();
        assertThat(s.listen()).isEqualTo(new ListenAddress("0.0.0.0", null, 9000));
        assertThat(s.connectionLimit()).isEqualTo(10);
        assertThat(s.acl().checkForwardedFor()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void unknownKeysAreWarningsNamingTheKey() {
        JcfgGroup root = JcfgGroup.of("janus.transport.http.jcfg", Map.of(
                "general", Map.of("prot", 8088), "extra", Map.of("x", 1), "cors", Map.of("allow_origins", "x")));
        HttpTransportSettings.fromJcfg(root, warnings::add);
        assertThat(warnings).hasSize(3)
                .anyMatch(w -> w.contains("unknown key general.prot"))
                .anyMatch(w -> w.contains("unknown key extra"))
                .anyMatch(w -> w.contains("unknown key cors.allow_origins"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "port, 70000, general.port",
            "port, http, general.port",
            "port, -1, general.port",
            "json, pretty, general.json",
            "base_path, janus, general.base_path",
            "http, maybe, general.http",
            "ip, localhost, general.ip",
            "ip, 300.1.1.1, general.ip",
            "secure_port, 99999, general.secure_port",
            "mhd_connection_limit, 0, general.mhd_connection_limit",
    })
    void invalidHttpValuesFailNamingTheKey(String key, String value, String qualified) {
        assertThatThrownBy(() -> HttpTransportSettings.fromJcfg(http(Map.of(key, value)), warnings::add))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(qualified)
                .hasMessageContaining(value);
    }

    @Test
    void invalidValueMessageNamesFileLineAndColumn() {
        JcfgPosition at = new JcfgPosition("janus.transport.http.jcfg", 14, 9);
        Map<String, JcfgValue> general = Map.of("port", new JcfgScalar("80888", at));
        JcfgGroup root = new JcfgGroup("janus.transport.http.jcfg", "", Map.of("general",
                new JcfgGroup("general", "general", general, new JcfgPosition("janus.transport.http.jcfg", 9, 1))),
                new JcfgPosition("janus.transport.http.jcfg", 0, 0));
        assertThatThrownBy(() -> HttpTransportSettings.fromJcfg(root, warnings::add))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("janus.transport.http.jcfg:14:9: general.port: 80888 is invalid;")
                .hasMessageContaining("0 to 65535");
    }

    @Test
    void httpsAndAdminAreWarnedNotServed() {
        JcfgGroup root = JcfgGroup.of("janus.transport.http.jcfg", Map.of(
                "general", Map.of("https", true, "secure_port", 8089),
                "admin", Map.of("admin_http", true, "admin_https", "yes")));
        HttpTransportSettings s = HttpTransportSettings.fromJcfg(root, warnings::add);
        assertThat(s.enabled()).isTrue();
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("general.https").contains("does not terminate TLS")
                .contains("Plain HTTP stays enabled on port 8088");
        assertThat(warnings.get(1)).contains("admin.admin_http").contains("Admin API is not implemented");
        assertThat(warnings.get(2)).contains("admin.admin_https");
    }

    @Test
    void enforceCorsWithoutOriginIsIgnoredWithAWarning() {
        JcfgGroup root = JcfgGroup.of("janus.transport.http.jcfg", Map.of("cors", Map.of("enforce_cors", true)));
        HttpTransportSettings s = HttpTransportSettings.fromJcfg(root, warnings::add);
        assertThat(s.cors()).isEqualTo(CorsPolicy.PERMISSIVE);
        assertThat(warnings).singleElement().asString().contains("cors.enforce_cors");
    }

    @Test
    void interfaceAloneReplacesTheLoopbackDefault() {
        HttpTransportSettings s = HttpTransportSettings.fromJcfg(http(Map.of("interface", "lo")), warnings::add);
        assertThat(s.listen()).isEqualTo(new ListenAddress(null, "lo", 8088));
    }

    /** The groups of Janus 1.1.2's /etc/janus/janus.transport.websockets.jcfg, every key uncommented. */
    private static Map<String, Object> janusWebSocketSample() {
        Map<String, Object> general = new LinkedHashMap<>();
        general.put("events", true);
        general.put("json", "plain");
        general.put("pingpong_trigger", 30);
        general.put("pingpong_timeout", 10);
        general.put("ws", true);
        general.put("ws_port", 8188);
        general.put("ws_interface", "lo");
        general.put("ws_ip", "127.0.0.1");
        general.put("wss", false);
        general.put("wss_port", 8989);
        general.put("wss_interface", "eth0");
        general.put("wss_ip", "192.168.0.1");
        general.put("wss_unix", "/run/wss.sock");
        general.put("ws_logging", "err,warn");
        general.put("ws_acl", "127.,192.168.0.");
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("admin_ws", false);
        admin.put("admin_ws_port", 7188);
        admin.put("admin_ws_interface", "eth0");
        admin.put("admin_ws_ip", "192.168.0.1");
        admin.put("admin_ws_unix", "/run/aws.sock");
        admin.put("admin_wss", false);
        admin.put("admin_wss_port", 7989);
        admin.put("admin_wss_interface", "eth0");
        admin.put("admin_wss_ip", "192.168.0.1");
        admin.put("admin_wss_unix", "/run/awss.sock");
        admin.put("admin_ws_acl", "127.,192.168.0.");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("general", general);
        root.put("admin", admin);
        root.put("cors", Map.of("allow_origin", "http://foo.example"));
        root.put("certificates", Map.of("cert_pem", "/etc/ssl/certs/ssl-cert-snakeoil.pem",
                "cert_key", "/etc/ssl/private/ssl-cert-snakeoil.key"));
        return root;
    }

    @Test
    void webSocketDefaults() {
        WebSocketTransportSettings s = WebSocketTransportSettings.fromJcfg(
                JcfgGroup.empty("janus.transport.websockets.jcfg"), warnings::add);
        assertThat(s).isEqualTo(WebSocketTransportSettings.defaults());
        assertThat(s.enabled()).isTrue();
        assertThat(s.listen()).isEqualTo(new ListenAddress("127.0.0.1", null, 8188));
        assertThat(s.pingPongEnabled()).isFalse();
        assertThat(s.maxMessageBytes()).isEqualTo(1 << 20);
        assertThat(warnings).isEmpty();
    }

    @Test
    void everyKeyOfJanusWebSocketSampleIsKnown() {
        WebSocketTransportSettings s = WebSocketTransportSettings.fromJcfg(
                JcfgGroup.of("janus.transport.websockets.jcfg", janusWebSocketSample()), warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(s.json()).isEqualTo(JsonFormat.PLAIN);
        assertThat(s.listen()).isEqualTo(new ListenAddress("127.0.0.1", "lo", 8188));
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.acl().allowed()).containsExactly("127.", "192.168.0.");
        assertThat(s.cors()).isEqualTo(new CorsPolicy("http://foo.example", false));
    }

    @Test
    void halfConfiguredPingPongStaysOffWithAWarning() {
        JcfgGroup root = JcfgGroup.of("janus.transport.websockets.jcfg",
                Map.of("general", Map.of("pingpong_trigger", 30)));
        WebSocketTransportSettings s = WebSocketTransportSettings.fromJcfg(root, warnings::add);
        assertThat(s.pingPongEnabled()).isFalse();
        assertThat(warnings).singleElement().asString().contains("general.pingpong_trigger");
    }

    @Test
    void unsupportedWebSocketFeaturesAreWarned() {
        JcfgGroup root = JcfgGroup.of("janus.transport.websockets.jcfg", Map.of(
                "general", Map.of("wss", true, "ws_unix", "/run/ws.sock"),
                "admin", Map.of("admin_ws", true)));
        WebSocketTransportSettings.fromJcfg(root, warnings::add);
        assertThat(warnings).hasSize(3)
                .anyMatch(w -> w.contains("general.wss") && w.contains("does not terminate TLS"))
                .anyMatch(w -> w.contains("general.ws_unix") && w.contains("127.0.0.1:8188"))
                .anyMatch(w -> w.contains("admin.admin_ws") && w.contains("janus-admin-protocol"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "ws_port, 65536, general.ws_port",
            "ws_port, x, general.ws_port",
            "ws, sometimes, general.ws",
            "ws_ip, my-host, general.ws_ip",
            "json, fancy, general.json",
            "pingpong_trigger, -1, general.pingpong_trigger",
            "pingpong_timeout, soon, general.pingpong_timeout",
    })
    void invalidWebSocketValuesFailNamingTheKey(String key, String value, String qualified) {
        JcfgGroup root = JcfgGroup.of("janus.transport.websockets.jcfg", Map.of("general", Map.of(key, value)));
        assertThatThrownBy(() -> WebSocketTransportSettings.fromJcfg(root, warnings::add))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(qualified)
                .hasMessageContaining(value);
    }
}
