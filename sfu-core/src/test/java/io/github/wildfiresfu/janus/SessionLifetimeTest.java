package io.github.wildfiresfu.janus;

import static io.github.wildfiresfu.janus.CoreFixture.compact;
import static io.github.wildfiresfu.janus.CoreFixture.expected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** session_timeout, keepalive, transport loss, claim and reclaim_session_timeout on a fake clock. */
class SessionLifetimeTest {

    @Test
    void idleSessionTimesOutExactlyAtSessionTimeoutWithTimeoutEventAndClose() {
        CoreFixture f = new CoreFixture();
        long session = f.createSession();
        long handle = f.attach(session);

        f.scheduler.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(f.core.sessionCount()).as("not before 60 s").isEqualTo(1);
        assertThat(f.transport.events).isEmpty();

        f.scheduler.advance(Duration.ofNanos(1));
        assertThat(f.core.sessionCount()).as("at 60 s").isZero();
        assertThat(f.core.handleCount()).isZero();
        assertThat(f.plugin.destroyed).containsExactly(handle);
        assertThat(f.transport.events).extracting(CoreFixture::compact)
                .containsExactly(expected("{\"janus\":\"timeout\",\"session_id\":%d}", session));
        assertThat(f.transport.closed).containsExactly(session);
        assertThat(f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"k\"}", session)
                .path("error").path("code").asInt()).isEqualTo(458);
    }

    @Test
    void keepaliveAnyRequestAndTouchPostponeTheTimeout() {
        CoreFixture f = new CoreFixture();
        long session = f.createSession();

        f.scheduler.advanceSeconds(30);
        f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"k\"}", session);
        f.scheduler.advanceSeconds(58);
        assertThat(f.core.sessionCount()).as("88 s after create, 58 s after keepalive").isEqualTo(1);
        // An error reply still counts as activity on the session, as in janus.c.
        f.callf("{\"janus\":\"foo\",\"session_id\":%d,\"transaction\":\"x\"}", session);
        f.scheduler.advanceSeconds(58);
        assertThat(f.core.touchSession(session).toCompletableFuture().join()).isTrue();
        f.scheduler.advanceSeconds(58);
        assertThat(f.core.sessionCount()).isEqualTo(1);
        f.scheduler.advanceSeconds(2);
        assertThat(f.core.sessionCount()).isZero();
        assertThat(f.core.touchSession(session).toCompletableFuture().join()).isFalse();
    }

    @Test
    void sweepRunsEveryTwoSecondsSoOffGridSessionsExpireAtTheNextSweep() {
        CoreFixture f = new CoreFixture(JanusCoreSettings.builder().sessionTimeoutSeconds(5).build());
        f.scheduler.advance(Duration.ofMillis(500));
        f.createSession();
        f.scheduler.advance(Duration.ofMillis(5_400));
        assertThat(f.core.sessionCount()).as("5.9 s: idle 5.4 s but the 4 s sweep saw 3.5 s").isEqualTo(1);
        f.scheduler.advance(Duration.ofMillis(100));
        assertThat(f.core.sessionCount()).as("6 s sweep").isZero();
    }

    @Test
    void zeroTimeoutNeverExpiresAndSchedulesNoSweep() {
        CoreFixture f = new CoreFixture(JanusCoreSettings.builder().sessionTimeoutSeconds(0).build());
        f.createSession();
        f.scheduler.advance(Duration.ofDays(1));
        assertThat(f.core.sessionCount()).isEqualTo(1);
        assertThat(f.scheduler.pendingTimers()).isZero();
    }

    @Test
    void transportGoneDestroysItsSessionsAtOnceWithoutTellingIt() {
        CoreFixture f = new CoreFixture();
        RecordingTransport other = new RecordingTransport("other");
        long mine = f.createSession();
        long handle = f.attach(mine);
        long theirs = f.call(other, "{\"janus\":\"create\",\"transaction\":\"c\"}", RequestPath.NONE)
                .path("data").path("id").asLong();

        f.core.transportGone(f.transport);

        assertThat(f.core.sessionCount()).isEqualTo(1);
        assertThat(f.plugin.destroyed).containsExactly(handle);
        assertThat(f.transport.events).isEmpty();
        assertThat(f.transport.closed).isEmpty();
        assertThat(f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"k\"}", mine)
                .path("error").path("code").asInt()).isEqualTo(458);
        assertThat(f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"k\"}", theirs)
                .path("janus").asText()).isEqualTo("ack");
    }

    @Test
    void transportThatKeepsSessionsLosesNothingAndStillGetsEvents() {
        CoreFixture f = new CoreFixture();
        RecordingTransport mqtt = new RecordingTransport("mqtt", true);
        long session = f.call(mqtt, "{\"janus\":\"create\",\"transaction\":\"c\"}", RequestPath.NONE)
                .path("data").path("id").asLong();
        long handle = f.call(mqtt, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.test\","
                + "\"session_id\":%d,\"transaction\":\"a\"}", session), RequestPath.NONE).path("data").path("id").asLong();

        f.core.transportGone(mqtt);
        f.plugin.handles.get(handle).pushEvent(null, JsonFormat.MAPPER.createObjectNode().put("n", 1), null);

        assertThat(f.core.sessionCount()).isEqualTo(1);
        assertThat(mqtt.eventVerbs()).containsExactly("event");
        f.scheduler.advanceSeconds(60);
        assertThat(f.core.sessionCount()).as("but it still times out without keepalives").isZero();
        assertThat(mqtt.eventVerbs()).containsExactly("event", "timeout");
    }

    @Test
    void withReclaimTimeoutAGoneTransportsSessionWaitsForAClaim() {
        CoreFixture f = new CoreFixture(JanusCoreSettings.builder().reclaimSessionTimeoutSeconds(10).build());
        long session = f.createSession();
        long handle = f.attach(session);

        f.core.transportGone(f.transport);
        f.plugin.handles.get(handle).pushEvent(null, JsonFormat.MAPPER.createObjectNode().put("lost", true), null);
        assertThat(f.core.stats().eventsDroppedNoOwner()).as("nobody to deliver to while unclaimed").isEqualTo(1);
        f.scheduler.advanceSeconds(6);

        RecordingTransport reconnected = new RecordingTransport("ws again");
        var claim = f.call(reconnected, String.format("{\"janus\":\"claim\",\"session_id\":%d,\"transaction\":\"cl\"}",
                session), RequestPath.NONE);
        assertThat(compact(claim)).isEqualTo(expected(
                "{\"janus\":\"success\",\"session_id\":%d,\"transaction\":\"cl\"}", session));
        assertThat(reconnected.claimed).containsExactly(session);
        assertThat(f.transport.closed).as("the gone transport is not called").isEmpty();

        f.plugin.handles.get(handle).pushEvent("x", JsonFormat.MAPPER.createObjectNode().put("back", true), null);
        assertThat(reconnected.eventVerbs()).containsExactly("event");
        f.scheduler.advanceSeconds(30);
        assertThat(f.core.sessionCount()).as("claimed, so the reclaim timer no longer applies").isEqualTo(1);
    }

    @Test
    void unclaimedSessionIsDestroyedAfterReclaimTimeoutEvenWithoutSessionTimeout() {
        CoreFixture f = new CoreFixture(JanusCoreSettings.builder()
                .sessionTimeoutSeconds(0).reclaimSessionTimeoutSeconds(10).build());
        long session = f.createSession();
        long handle = f.attach(session);
        f.core.transportGone(f.transport);

        f.scheduler.advanceSeconds(8);
        assertThat(f.core.sessionCount()).isEqualTo(1);
        f.scheduler.advanceSeconds(2);
        assertThat(f.core.sessionCount()).isZero();
        assertThat(f.plugin.destroyed).containsExactly(handle);
        assertThat(f.transport.events).as("the timeout has no one to go to").isEmpty();
        assertThat(f.core.stats().eventsDroppedNoOwner()).isEqualTo(1);
        assertThat(f.transport.closed).isEmpty();
    }

    @Test
    void claimFromAnotherLiveTransportMovesEventsAndClosesTheOldOwner() {
        CoreFixture f = new CoreFixture();
        long session = f.createSession();
        long handle = f.attach(session);
        RecordingTransport other = new RecordingTransport("other");

        f.call(other, String.format("{\"janus\":\"claim\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"c\"}",
                session, handle), RequestPath.NONE);
        f.callf("{\"janus\":\"claim\",\"session_id\":%d,\"transaction\":\"c\"}", session);
        assertThat(other.closed).as("claimed back by the first transport").containsExactly(session);
        assertThat(f.transport.closed).containsExactly(session);
        assertThat(f.transport.claimed).containsExactly(session);

        // Claiming from the current owner changes nothing.
        f.callf("{\"janus\":\"claim\",\"session_id\":%d,\"transaction\":\"c\"}", session);
        assertThat(f.transport.claimed).containsExactly(session);
        f.plugin.handles.get(handle).pushEvent(null, JsonFormat.MAPPER.createObjectNode(), null);
        assertThat(f.transport.eventVerbs()).containsExactly("event");
        assertThat(other.events).isEmpty();
    }
}
