package io.github.wildfiresfu.janus;

import static io.github.wildfiresfu.janus.CoreFixture.compact;
import static io.github.wildfiresfu.janus.CoreFixture.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** api_secret and token_auth (stored and signed tokens), checked against Janus 1.1.2's answers. */
class JanusAuthTest {

    /**
     * A signed token Janus 1.1.2 accepted for {@code create} and for attaching to the VideoRoom
     * (and refused with 405 for EchoTest) with {@code token_auth_secret = "tokensecret"}.
     */
    private static final String JANUS_ACCEPTED_TOKEN =
            "4102444800,janus,janus.plugin.videoroom:i2uxxivU9fpV2Zr5UDi6BVZm2zM=";
    private static final String UNAUTHORIZED =
            "{\"janus\":\"error\",\"transaction\":\"t\",\"error\":{\"code\":403,"
                    + "\"reason\":\"Unauthorized request (wrong or missing secret/token)\"}}";

    @Test
    void apiSecretGuardsEverythingButInfoAndPing() {
        CoreFixture f = new CoreFixture(JanusCoreSettings.builder().apiSecret("s3cret").build());
        assertThat(f.call("{\"janus\":\"info\",\"transaction\":\"t\"}").path("api_secret").asBoolean()).isTrue();
        assertThat(f.call("{\"janus\":\"ping\",\"transaction\":\"t\"}").path("janus").asText()).isEqualTo("pong");
        assertThat(compact(f.call("{\"janus\":\"create\",\"transaction\":\"t\"}"))).isEqualTo(expected(UNAUTHORIZED));
        assertThat(compact(f.call("{\"janus\":\"create\",\"transaction\":\"t\",\"apisecret\":\"x\"}")))
                .isEqualTo(expected(UNAUTHORIZED));
        assertThat(compact(f.call("{\"janus\":\"create\",\"transaction\":\"t\",\"apisecret\":5}")))
                .isEqualTo(expected(UNAUTHORIZED));
        // Path errors come before the secret check, as in janus.c.
        assertThat(f.call("{\"janus\":\"foo\",\"transaction\":\"t\"}").path("error").path("code").asInt()).isEqualTo(457);

        ObjectNode created = f.call("{\"janus\":\"create\",\"transaction\":\"t\",\"apisecret\":\"s3cret\"}");
        long session = created.path("data").path("id").asLong();
        assertThat(session).isPositive();
        // Session-level requests need it too; the check precedes the session lookup.
        assertThat(compact(f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"t\"}", session)))
                .isEqualTo(expected("{\"janus\":\"error\",\"session_id\":%d,\"transaction\":\"t\",\"error\":{\"code\":403,"
                        + "\"reason\":\"Unauthorized request (wrong or missing secret/token)\"}}", session));
        assertThat(f.call("{\"janus\":\"keepalive\",\"session_id\":999,\"transaction\":\"t\"}")
                .path("error").path("code").asInt()).isEqualTo(403);
        assertThat(f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"t\",\"apisecret\":\"s3cret\"}",
                session).path("janus").asText()).isEqualTo("ack");
        assertThat(f.core.isAuthorized("s3cret", null)).isTrue();
        assertThat(f.core.isAuthorized(null, null)).isFalse();
        assertThat(f.core.isAuthorized("wrong", "x")).as("Janus 1.1.2 answers such a long poll 403").isFalse();
    }

    @Test
    void storedTokensAuthorizeRequestsAndLimitPlugins() {
        FakeCoreScheduler scheduler = new FakeCoreScheduler();
        TestPlugin test = new TestPlugin();
        TestPlugin other = new TestPlugin("janus.plugin.other");
        JanusCore core = new JanusCore(JanusCoreSettings.builder().tokenAuth(true).build(), List.of(test, other),
                scheduler);
        RecordingTransport ws = new RecordingTransport("ws");

        assertThat(core.addToken("limited", Set.of(TestPlugin.PACKAGE, "janus.plugin.unknown")))
                .containsExactly(TestPlugin.PACKAGE);
        assertThat(core.addToken("all", Set.of())).containsExactlyInAnyOrder(TestPlugin.PACKAGE, "janus.plugin.other");

        assertThat(compact(call(core, ws, "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"nope\"}")))
                .isEqualTo(expected(UNAUTHORIZED));
        long session = call(core, ws, "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"limited\"}")
                .path("data").path("id").asLong();
        assertThat(call(core, ws, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.test\",\"session_id\":%d,"
                + "\"transaction\":\"t\",\"token\":\"limited\"}", session)).path("janus").asText()).isEqualTo("success");
        assertThat(compact(call(core, ws, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.other\","
                + "\"session_id\":%d,\"transaction\":\"t\",\"token\":\"limited\"}", session)))).isEqualTo(expected(
                "{\"janus\":\"error\",\"session_id\":%d,\"transaction\":\"t\",\"error\":{\"code\":405,"
                        + "\"reason\":\"Provided token can't access plugin 'janus.plugin.other'\"}}", session));
        assertThat(call(core, ws, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.other\",\"session_id\":%d,"
                + "\"transaction\":\"t\",\"token\":\"all\"}", session)).path("janus").asText()).isEqualTo("success");

        assertThat(core.removeToken("limited")).isTrue();
        assertThat(core.removeToken("limited")).isFalse();
        assertThat(call(core, ws, String.format("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"t\","
                + "\"token\":\"limited\"}", session)).path("error").path("code").asInt()).isEqualTo(403);
        assertThat(core.isAuthorized(null, "all")).isTrue();
        assertThat(core.isAuthorized(null, "limited")).isFalse();
    }

    @Test
    void signedTokensMatchJanussFormat() {
        FakeCoreScheduler scheduler = new FakeCoreScheduler();
        TestPlugin videoroom = new TestPlugin("janus.plugin.videoroom");
        TestPlugin echotest = new TestPlugin("janus.plugin.echotest");
        JanusCore core = new JanusCore(JanusCoreSettings.builder().tokenAuth(true).tokenAuthSecret("tokensecret").build(),
                List.of(videoroom, echotest), scheduler);
        RecordingTransport ws = new RecordingTransport("ws");

        long session = call(core, ws, "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"" + JANUS_ACCEPTED_TOKEN
                + "\"}").path("data").path("id").asLong();
        assertThat(session).isPositive();
        assertThat(call(core, ws, attach(session, "janus.plugin.videoroom", JANUS_ACCEPTED_TOKEN)).path("janus").asText())
                .isEqualTo("success");
        assertThat(call(core, ws, attach(session, "janus.plugin.echotest", JANUS_ACCEPTED_TOKEN))
                .path("error").path("code").asInt()).isEqualTo(405);

        long now = FakeCoreScheduler.WALL_CLOCK_START_MICROS / 1_000_000L;
        String tampered = JANUS_ACCEPTED_TOKEN.replace("i2ux", "i2uy");
        String expired = sign(now - 1 + ",janus,janus.plugin.videoroom", "tokensecret");
        String expiresNow = sign(now + ",janus", "tokensecret");
        String wrongRealm = sign((now + 100) + ",other,janus.plugin.videoroom", "tokensecret");
        String wrongKey = sign((now + 100) + ",janus,janus.plugin.videoroom", "other");
        String garbageExpiry = sign("soon,janus", "tokensecret");
        for (String bad : List.of(tampered, expired, wrongRealm, wrongKey, garbageExpiry, "no-colon", "")) {
            assertThat(compact(call(core, ws, "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"" + bad + "\"}")))
                    .as(bad).isEqualTo(expected(UNAUTHORIZED));
        }
        assertThat(call(core, ws, "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"" + expiresNow + "\"}")
                .path("janus").asText()).as("valid up to and including the expiry second").isEqualTo("success");
        scheduler.advanceSeconds(1);
        assertThat(call(core, ws, "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"" + expiresNow + "\"}")
                .path("error").path("code").asInt()).isEqualTo(403);
        assertThatThrownBy(() -> core.addToken("x", Set.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signed");
    }

    @Test
    void withBothMechanismsEitherOneAuthorizesButAGivenTokenMustFitThePlugin() {
        CoreFixture f = new CoreFixture(JanusCoreSettings.builder().apiSecret("s3cret").tokenAuth(true)
                .tokenAuthSecret("tokensecret").build());
        assertThat(compact(f.call("{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"x\",\"apisecret\":\"y\"}")))
                .isEqualTo(expected(UNAUTHORIZED));
        long session = f.call("{\"janus\":\"create\",\"transaction\":\"t\",\"token\":\"x\",\"apisecret\":\"s3cret\"}")
                .path("data").path("id").asLong();
        assertThat(session).isPositive();
        String attach = "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.test\",\"session_id\":%d,\"transaction\":\"t\","
                + "\"apisecret\":\"s3cret\"%s}";
        assertThat(f.callf(attach, session, "").path("janus").asText()).isEqualTo("success");
        assertThat(f.callf(attach, session, ",\"token\":\"bad\"").path("error").path("code").asInt()).isEqualTo(405);
        assertThat(f.core.isAuthorized(null, null)).isFalse();
        assertThat(f.core.isAuthorized("s3cret", null)).isTrue();
    }

    @Test
    void strtollReadsLeadingDigitsLikeC() {
        assertThat(JanusAuth.strtoll("123abc")).isEqualTo(123);
        assertThat(JanusAuth.strtoll("  -7")).isEqualTo(-7);
        assertThat(JanusAuth.strtoll("x")).isZero();
        assertThat(JanusAuth.strtoll("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
    }

    private static String attach(long session, String plugin, String token) {
        return String.format("{\"janus\":\"attach\",\"plugin\":\"%s\",\"session_id\":%d,\"transaction\":\"t\","
                + "\"token\":\"%s\"}", plugin, session, token);
    }

    private static ObjectNode call(JanusCore core, TransportSession from, String body) {
        return core.handle(from, body, RequestPath.NONE).toCompletableFuture().getNow(null);
    }

    /** Signs as Janus documents it: Base64(HMAC-SHA1(secret, data)), appended after a colon. */
    private static String sign(String data, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return data + ":" + Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
