package io.github.wildfiresfu.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.ice.IceLiteConfig;
import io.github.wildfiresfu.media.ice.IceLiteResponder;
import io.github.wildfiresfu.media.ice.IceOutcome;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generator's full ICE agent, sans I/O on a fake clock: against sfu-core's ICE-lite responder
 * (the server side of our own server), against another full agent in each role combination
 * (Janus's libnice is a full agent), and with a role conflict, which RFC 8445 §7.3.1.1 repairs.
 */
class IceAgentTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 20000);

    /** A datagram in flight between the two ends. */
    private record Datagram(byte[] bytes, InetSocketAddress from, InetSocketAddress to) {
    }

    private final Deque<Datagram> wire = new ArrayDeque<>();
    private long now = 1_000_000_000L;

    @Test
    void aControllingAgentNominatesAgainstOurIceLiteServerAndKeepsConsent() {
        IceCredentials client = IceCredentials.random(new Random(1));
        IceCredentials server = IceCredentials.random(new Random(2));
        IceAgent agent = new IceAgent(client, true, 7, (buf, off, len, to) -> send(buf, off, len, A, to));
        agent.setRemoteCredentials(server.ufrag(), server.pwd());
        agent.addRemoteCandidate(B);
        IceLiteResponder responder = new IceLiteResponder(server, IceLiteConfig.DEFAULT, () -> now);
        responder.setRemoteCredentials(client.ufrag(), client.pwd());

        agent.tick(now);
        Datagram check = wire.poll();
        assertThat(check.to).isEqualTo(B);
        assertThat(responder.handle(check.bytes, 0, check.bytes.length, check.from)).isEqualTo(IceOutcome.NOMINATED);
        byte[] response = Arrays.copyOfRange(responder.responseBuffer(), responder.responseOffset(),
                responder.responseOffset() + responder.responseLength());
        agent.onStun(response, 0, response.length, B, now);

        assertThat(agent.selectedAddress()).isEqualTo(B);
        assertThat(responder.selectedAddress()).isEqualTo(A);
        assertThat(agent.droppedMessages()).isZero();

        // Consent freshness (RFC 7675): nothing before the interval, one check after it.
        now += IceAgent.CONSENT_INTERVAL_NANOS - 1;
        agent.tick(now);
        assertThat(wire).isEmpty();
        now += 1;
        agent.tick(now);
        Datagram consent = wire.poll();
        assertThat(responder.handle(consent.bytes, 0, consent.bytes.length, consent.from))
                .isIn(IceOutcome.SUCCESS_RESPONSE, IceOutcome.NOMINATED);
    }

    @Test
    void twoFullAgentsConnectWhetherTheGeneratorControlsOrIsControlled() {
        for (boolean generatorControls : new boolean[] {true, false}) {
            wire.clear();
            Pair pair = pair(generatorControls, !generatorControls);
            run(pair, 50);
            assertThat(pair.a.selectedAddress()).as("generator controlling=" + generatorControls).isEqualTo(B);
            assertThat(pair.b.selectedAddress()).isEqualTo(A);
            assertThat(pair.a.roleSwitches() + pair.b.roleSwitches()).isZero();
        }
    }

    @Test
    void aRoleConflictIsRepairedByTheTieBreaker() {
        Pair pair = pair(true, true);
        run(pair, 50);
        assertThat(pair.a.isControlling()).isNotEqualTo(pair.b.isControlling());
        assertThat(pair.a.roleSwitches() + pair.b.roleSwitches()).isEqualTo(1);
        assertThat(pair.a.selectedAddress()).isEqualTo(B);
        assertThat(pair.b.selectedAddress()).isEqualTo(A);
    }

    @Test
    void checksWithTheWrongPasswordAreDroppedNotAnswered() {
        IceCredentials a = IceCredentials.random(new Random(3));
        IceCredentials b = IceCredentials.random(new Random(4));
        IceAgent agent = new IceAgent(a, false, 1, (buf, off, len, to) -> send(buf, off, len, A, to));
        agent.setRemoteCredentials(b.ufrag(), b.pwd());
        IceAgent liar = new IceAgent(b, true, 2, (buf, off, len, to) -> send(buf, off, len, B, to));
        liar.setRemoteCredentials(a.ufrag(), "wrongwrongwrongwrongwrong");
        liar.addRemoteCandidate(A);

        liar.tick(now);
        Datagram check = wire.poll();
        agent.onStun(check.bytes, 0, check.bytes.length, check.from, now);

        assertThat(wire).isEmpty();
        assertThat(agent.droppedMessages()).isEqualTo(1);
        assertThat(agent.selectedAddress()).isNull();
    }

    private record Pair(IceAgent a, IceAgent b) {
    }

    /** Agent a at {@link #A} knows b's candidate; b learns a's address from a's checks (peer-reflexive). */
    private Pair pair(boolean aControls, boolean bControls) {
        IceCredentials ca = IceCredentials.random(new Random(5));
        IceCredentials cb = IceCredentials.random(new Random(6));
        IceAgent a = new IceAgent(ca, aControls, 11, (buf, off, len, to) -> send(buf, off, len, A, to));
        IceAgent b = new IceAgent(cb, bControls, 12, (buf, off, len, to) -> send(buf, off, len, B, to));
        a.setRemoteCredentials(cb.ufrag(), cb.pwd());
        b.setRemoteCredentials(ca.ufrag(), ca.pwd());
        a.addRemoteCandidate(B);
        return new Pair(a, b);
    }

    /** Ticks both agents every 10 ms and delivers every datagram, {@code steps} times. */
    private void run(Pair pair, int steps) {
        for (int i = 0; i < steps; i++) {
            pair.a.tick(now);
            pair.b.tick(now);
            while (!wire.isEmpty()) {
                Datagram d = wire.poll();
                IceAgent to = d.to.equals(A) ? pair.a : pair.b;
                to.onStun(d.bytes, 0, d.bytes.length, d.from, now);
            }
            now += 10_000_000L;
        }
    }

    private void send(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
        wire.add(new Datagram(Arrays.copyOfRange(buf, off, off + len), from, to));
    }
}
