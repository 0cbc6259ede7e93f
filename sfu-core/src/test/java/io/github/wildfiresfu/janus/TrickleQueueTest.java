package io.github.wildfiresfu.janus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trickle candidates queue per handle until the media layer sets a {@link TrickleSink}. */
class TrickleQueueTest {

    private static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.9 %d typ host";

    private final CoreFixture f = new CoreFixture(JanusCoreSettings.builder().trickleQueueLimit(4).build());
    private final long session = f.createSession();
    private final long handle = f.attach(session);
    private final RecordingSink sink = new RecordingSink();

    @Test
    void queuedCandidatesAreDrainedInOrderThenDeliveredLive() {
        assertThat(trickle("\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"candidate\":\"" + line(1) + "\"}"))
                .isEqualTo("ack");
        assertThat(trickle("\"candidates\":[{\"sdpMid\":\"1\",\"candidate\":\"" + line(2) + "\"},"
                + "{\"sdpMLineIndex\":2,\"candidate\":\"" + line(3) + "\"}]")).isEqualTo("ack");
        assertThat(sink.received).isEmpty();

        assertThat(f.core.setTrickleSink(session, handle, sink).toCompletableFuture().join()).isTrue();
        assertThat(sink.received).containsExactly(
                new RemoteCandidate("0", 0, line(1)), new RemoteCandidate("1", -1, line(2)),
                new RemoteCandidate(null, 2, line(3)));

        trickle("\"candidate\":{\"sdpMid\":\"0\",\"candidate\":\"" + line(4) + "\"}");
        trickle("\"candidate\":{\"completed\":true}");
        assertThat(sink.received).hasSize(4);
        assertThat(sink.ends).isEqualTo(1);
    }

    @Test
    void endOfCandidatesHasTheFormsJanusAccepts() {
        f.core.setTrickleSink(session, handle, sink);
        for (String end : List.of("\"candidate\":{\"completed\":true}", "\"candidate\":null", "\"candidate\":\"x\"",
                "\"candidate\":[]", "\"candidates\":[{\"completed\":true}]")) {
            assertThat(trickle(end)).as(end).isEqualTo("ack");
        }
        assertThat(sink.ends).isEqualTo(5);
        assertThat(sink.received).isEmpty();
    }

    @Test
    void queueIsBoundedAndOverflowIsCounted() {
        for (int i = 0; i < 6; i++) {
            assertThat(trickle("\"candidate\":{\"sdpMid\":\"0\",\"candidate\":\"" + line(i) + "\"}")).isEqualTo("ack");
        }
        assertThat(f.core.stats().candidatesDroppedQueueFull()).isEqualTo(2);
        f.core.setTrickleSink(session, handle, sink);
        assertThat(sink.received).extracting(RemoteCandidate::candidate).containsExactly(line(0), line(1), line(2), line(3));
    }

    @Test
    void candidatesOlderThanCandidatesTimeoutAreDiscardedOnDrain() {
        trickle("\"candidate\":{\"sdpMid\":\"0\",\"candidate\":\"" + line(1) + "\"}");
        f.scheduler.advance(Duration.ofSeconds(45));
        trickle("\"candidate\":{\"sdpMid\":\"0\",\"candidate\":\"" + line(2) + "\"}");
        f.scheduler.advance(Duration.ofNanos(1));
        f.core.setTrickleSink(session, handle, sink);
        assertThat(sink.received).extracting(RemoteCandidate::candidate).containsExactly(line(2));
        assertThat(f.core.stats().candidatesExpired()).isEqualTo(1);
    }

    @Test
    void malformedEntriesOfACandidatesArrayAreIgnoredAndCounted() {
        assertThat(trickle("\"candidates\":[{\"sdpMid\":5,\"candidate\":\"a\"},{\"sdpMid\":\"0\",\"candidate\":\""
                + line(1) + "\"},{\"sdpMid\":\"0\"}]")).isEqualTo("ack");
        f.core.setTrickleSink(session, handle, sink);
        assertThat(sink.received).extracting(RemoteCandidate::candidate).containsExactly(line(1));
        assertThat(f.core.stats().candidatesInvalid()).isEqualTo(2);
    }

    @Test
    void hangupForgetsTheSinkAndDetachForgetsTheQueue() {
        f.core.setTrickleSink(session, handle, sink);
        f.callf("{\"janus\":\"hangup\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"h\"}", session, handle);
        trickle("\"candidate\":{\"sdpMid\":\"0\",\"candidate\":\"" + line(1) + "\"}");
        assertThat(sink.received).as("the old PeerConnection's sink gets nothing after hangup").isEmpty();
        RecordingSink next = new RecordingSink();
        f.core.setTrickleSink(session, handle, next);
        assertThat(next.received).hasSize(1);

        f.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"d\"}", session, handle);
        assertThat(f.core.setTrickleSink(session, handle, next).toCompletableFuture().join()).isFalse();
        assertThat(f.core.setTrickleSink(999, handle, next).toCompletableFuture().join()).isFalse();
    }

    @Test
    void aFailingSinkDoesNotBreakTheCore() {
        f.core.setTrickleSink(session, handle, new TrickleSink() {
            @Override
            public void onRemoteCandidate(RemoteCandidate candidate) {
                throw new IllegalStateException("media bug");
            }

            @Override
            public void onEndOfCandidates() {
            }
        });
        assertThat(trickle("\"candidate\":{\"sdpMid\":\"0\",\"candidate\":\"" + line(1) + "\"}")).isEqualTo("ack");
    }

    private String trickle(String candidateMember) {
        return f.callf("{\"janus\":\"trickle\",%s,\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"tr\"}",
                candidateMember, session, handle).path("janus").asText();
    }

    private static String line(int port) {
        return String.format(CANDIDATE, 5000 + port);
    }

    private static final class RecordingSink implements TrickleSink {
        final List<RemoteCandidate> received = new ArrayList<>();
        int ends;

        @Override
        public void onRemoteCandidate(RemoteCandidate candidate) {
            received.add(candidate);
        }

        @Override
        public void onEndOfCandidates() {
            ends++;
        }
    }
}
