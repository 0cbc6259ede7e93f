package io.github.wildfiresfu.media.dtls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import io.github.wildfiresfu.media.srtp.SrtpProfile;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpUnprotector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two of our DTLS transports back to back in memory, one client and one server. */
@Timeout(60)
class DtlsTransportTest {

    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate("client", java.time.Instant.now());
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate("server", java.time.Instant.now());

    private ExecutorService pool;
    private final List<DtlsPeer> peers = new ArrayList<>();

    @BeforeEach
    void createPool() {
        pool = DtlsTransport.newHandshakeExecutor(2);
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        peers.forEach(peer -> peer.transport.close());
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, SECONDS)).as("handshake pool terminates").isTrue();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void handshakeConnectsWithEachForcedProfileAndKeysMirror(SrtpProfile profile) throws Exception {
        DtlsPeer client = client(clientConfig().withSrtpProfiles(List.of(profile)));
        DtlsPeer server = server(serverConfig().withSrtpProfiles(List.of(profile)));
        DtlsPeer.wire(client, server);
        server.transport.start();
        client.transport.start();

        SrtpKeyingMaterial clientKeys = client.connected.get(20, SECONDS);
        SrtpKeyingMaterial serverKeys = server.connected.get(20, SECONDS);
        assertThat(clientKeys.profile()).isEqualTo(profile);
        assertThat(serverKeys.profile()).isEqualTo(profile);
        assertThat(clientKeys.localKey()).isEqualTo(serverKeys.remoteKey());
        assertThat(clientKeys.localSalt()).isEqualTo(serverKeys.remoteSalt());
        assertThat(clientKeys.remoteKey()).isEqualTo(serverKeys.localKey());
        assertThat(clientKeys.remoteSalt()).isEqualTo(serverKeys.localSalt());
        assertThat(clientKeys.localKey()).isNotEqualTo(clientKeys.remoteKey());
        assertThat(client.transport.state()).isEqualTo(DtlsTransport.State.CONNECTED);
        assertThat(server.transport.state()).isEqualTo(DtlsTransport.State.CONNECTED);

        // The exported keys really work as SRTP keys in both directions.
        byte[] rtp = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] buf = Arrays.copyOf(rtp, 64);
        try (SrtpProtector out = SrtpProtector.create(serverKeys); SrtpUnprotector in = SrtpUnprotector.create(clientKeys)) {
            int protectedLength = out.protectRtp(buf, 0, rtp.length);
            assertThat(in.unprotectRtp(buf, 0, protectedLength)).isEqualTo(rtp.length);
            assertThat(Arrays.copyOf(buf, rtp.length)).isEqualTo(rtp);
        }
        assertThat(client.failed).isNotDone();
        assertThat(server.failed).isNotDone();
    }

    @Test
    void serverPreferenceDecidesAmongOfferedProfiles() throws Exception {
        DtlsPeer client = client(clientConfig().withSrtpProfiles(
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM)));
        DtlsPeer server = server(serverConfig());
        connect(client, server);
        assertThat(client.connected.get().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);

        DtlsPeer oldClient = client(clientConfig().withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_32)));
        DtlsPeer server2 = server(serverConfig());
        connect(oldClient, server2);
        assertThat(server2.connected.get().profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    }

    @Test
    void noCommonSrtpProfileFailsBothSides() throws Exception {
        DtlsPeer client = client(clientConfig().withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_32)));
        DtlsPeer server = server(serverConfig().withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM)));
        startBoth(client, server);
        DtlsFailure serverFailure = server.failed.get(20, SECONDS);
        assertThat(serverFailure.kind()).isEqualTo(DtlsFailure.Kind.NO_COMMON_SRTP_PROFILE);
        assertThat(serverFailure.reason()).isEqualTo(
                "no common SRTP profile: peer offers [AES_CM_128_HMAC_SHA1_32], we accept [AEAD_AES_128_GCM]");
        DtlsFailure clientFailure = client.failed.get(20, SECONDS);
        assertThat(clientFailure.kind()).isEqualTo(DtlsFailure.Kind.ALERT_RECEIVED);
        assertThat(clientFailure.reason()).isEqualTo("peer sent fatal alert handshake_failure(40)");
        assertThat(client.connected).isNotDone();
        assertThat(server.transport.state()).isEqualTo(DtlsTransport.State.FAILED);
    }

    @Test
    void serverCertificateNotMatchingTheSdpFingerprintFailsBothSides() throws Exception {
        DtlsFingerprint someoneElse = DtlsCertificate.generate().fingerprint();
        DtlsPeer client = client(DtlsConfig.of(DtlsRole.CLIENT, List.of(someoneElse)));
        DtlsPeer server = server(serverConfig());
        startBoth(client, server);
        DtlsFailure clientFailure = client.failed.get(20, SECONDS);
        assertThat(clientFailure.kind()).isEqualTo(DtlsFailure.Kind.FINGERPRINT_MISMATCH);
        assertThat(clientFailure.reason()).isEqualTo("peer certificate fingerprint " + SERVER_CERT.fingerprint().toSdp()
                + " matches none of the SDP fingerprints [" + someoneElse.toSdp() + "]");
        DtlsFailure serverFailure = server.failed.get(20, SECONDS);
        assertThat(serverFailure.kind()).isEqualTo(DtlsFailure.Kind.ALERT_RECEIVED);
        assertThat(serverFailure.reason()).isEqualTo("peer sent fatal alert bad_certificate(42)");
    }

    @Test
    void clientCertificateNotMatchingTheSdpFingerprintFailsBothSides() throws Exception {
        DtlsPeer client = client(clientConfig());
        DtlsPeer server = server(DtlsConfig.of(DtlsRole.SERVER, List.of(SERVER_CERT.fingerprint())));
        startBoth(client, server);
        DtlsFailure serverFailure = server.failed.get(20, SECONDS);
        assertThat(serverFailure.kind()).isEqualTo(DtlsFailure.Kind.FINGERPRINT_MISMATCH);
        assertThat(serverFailure.reason()).startsWith("peer certificate fingerprint " + CLIENT_CERT.fingerprint().toSdp());
        assertThat(client.failed.get(20, SECONDS).reason()).isEqualTo("peer sent fatal alert bad_certificate(42)");
        assertThat(client.connected).isNotDone();
        assertThat(server.connected).isNotDone();
    }

    @Test
    void anyOfferedFingerprintMayMatchWhateverItsHashFunction() throws Exception {
        DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
        DtlsPeer client = client(DtlsConfig.of(DtlsRole.CLIENT, List.of(wrong, SERVER_CERT.fingerprint("sha-512"))));
        DtlsPeer server = server(DtlsConfig.of(DtlsRole.SERVER, List.of(CLIENT_CERT.fingerprint("sha-1"))));
        connect(client, server);
    }

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void silentPeerMakesTheHandshakeTimeOut(DtlsRole role) throws Exception {
        DtlsConfig config = DtlsConfig.of(role, List.of(SERVER_CERT.fingerprint()))
                .withHandshakeTimeout(Duration.ofMillis(400))
                .withRetransmitTimeout(Duration.ofMillis(50));
        DtlsPeer lonely = peer("lonely", CLIENT_CERT, config);
        long started = System.nanoTime();
        lonely.transport.start();
        DtlsFailure failure = lonely.failed.get(10, SECONDS);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(failure).isEqualTo(new DtlsFailure(DtlsFailure.Kind.TIMEOUT, "DTLS handshake timed out after 400 ms"));
        assertThat(tookMillis).isBetween(350L, 5000L);
        assertThat(lonely.transport.state()).isEqualTo(DtlsTransport.State.FAILED);
        if (role == DtlsRole.CLIENT) {
            // The ClientHello was retransmitted with backoff while nobody answered.
            assertThat(lonely.sent.size()).isGreaterThan(1);
        } else {
            assertThat(lonely.sent).isEmpty();
        }
        awaitIdle();
    }

    @Test
    void garbageAndTruncatedRecordsNeverThrowAndTheHandshakeStillSucceeds() throws Exception {
        DtlsPeer client = client(clientConfig());
        DtlsPeer server = server(serverConfig());
        Random random = new Random(1);
        for (byte[] junk : junk(random)) {
            server.transport.receive(junk, 0, junk.length);
        }
        DtlsPeer.wire(client, server);
        // Garbage interleaved with the real flights: every real datagram is preceded by junk.
        client.wire = datagram -> {
            byte[] noise = junk(random).get(random.nextInt(13));
            server.transport.receive(noise, 0, noise.length);
            server.transport.receive(datagram, 0, datagram.length);
        };
        server.transport.start();
        client.transport.start();
        client.connected.get(20, SECONDS);
        server.connected.get(20, SECONDS);
        assertThat(server.transport.malformedDatagrams()).as("junk is filtered before bctls").isPositive();

        // After the handshake: more garbage, and every handshake datagram replayed to both sides.
        for (byte[] junk : junk(random)) {
            server.transport.receive(junk, 0, junk.length);
            client.transport.receive(junk, 0, junk.length);
        }
        for (byte[] datagram : List.copyOf(client.sent)) {
            server.transport.receive(datagram, 0, datagram.length);
        }
        for (byte[] datagram : List.copyOf(server.sent)) {
            client.transport.receive(datagram, 0, datagram.length);
        }
        assertApplicationDataFlows(client, server);
        assertThat(client.transport.state()).isEqualTo(DtlsTransport.State.CONNECTED);
        assertThat(server.transport.state()).isEqualTo(DtlsTransport.State.CONNECTED);
        assertThat(client.terminalCallbacks.get() + server.terminalCallbacks.get()).isEqualTo(2);
    }

    @Test
    void corruptedClientHelloNeverHangsTheServer() throws Exception {
        DtlsConfig config = serverConfig().withHandshakeTimeout(Duration.ofSeconds(2));
        DtlsPeer server = server(config);
        DtlsPeer client = client(clientConfig());
        List<byte[]> clientHellos = new ArrayList<>();
        client.wire = clientHellos::add;
        client.transport.start();
        server.transport.start();
        while (clientHellos.isEmpty()) {
            Thread.sleep(5);
        }
        byte[] hello = clientHellos.get(0).clone();
        // Keep the 13-byte record header and the 12-byte handshake header, scramble the body.
        Random random = new Random(3);
        for (int i = 25; i < hello.length; i += 3) {
            hello[i] = (byte) random.nextInt();
        }
        server.transport.receive(hello, 0, hello.length);
        DtlsFailure failure = server.failed.get(10, SECONDS);
        assertThat(failure.kind()).isIn(DtlsFailure.Kind.PROTOCOL_ERROR, DtlsFailure.Kind.TIMEOUT);
        assertThat(failure.reason()).doesNotContain("\n");
        client.transport.close();
        awaitIdle();
    }

    @Test
    void applicationDataFlowsBothWaysWithinTheRecordLimit() throws Exception {
        DtlsPeer client = client(clientConfig());
        DtlsPeer server = server(serverConfig());
        assertThat(client.transport.sendApplicationData(new byte[10], 0, 10)).as("not connected yet").isFalse();
        assertThat(client.transport.applicationDataLimit()).isZero();
        connect(client, server);
        assertApplicationDataFlows(client, server);
        int limit = client.transport.applicationDataLimit();
        assertThat(limit).isBetween(1000, DtlsConfig.DEFAULT_MTU);
        byte[] big = new byte[limit];
        new Random(5).nextBytes(big);
        assertThat(client.transport.sendApplicationData(big, 0, big.length)).isTrue();
        assertThat(server.applicationData.poll(10, SECONDS)).isEqualTo(big);
        assertThatThrownBy(() -> client.transport.sendApplicationData(new byte[limit + 1], 0, limit + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit of " + limit);
        assertThat(client.sent).allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(1200));
    }

    @Test
    void smallMtuFragmentsTheHandshake() throws Exception {
        DtlsPeer client = client(clientConfig().withMtu(300));
        DtlsPeer server = server(serverConfig().withMtu(300));
        connect(client, server);
        assertThat(client.sent).allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(300));
        assertThat(server.sent).allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(300));
    }

    @Test
    void closeSendsCloseNotifyAndThePeerReportsClosed() throws Exception {
        DtlsPeer client = client(clientConfig());
        DtlsPeer server = server(serverConfig());
        connect(client, server);
        int sentBefore = client.sent.size();
        client.transport.close();
        client.transport.close();
        assertThat(client.sent.size()).as("close_notify sent once").isEqualTo(sentBefore + 1);
        assertThat(server.closed.get(10, SECONDS)).isEqualTo("peer sent close_notify");
        assertThat(server.transport.state()).isEqualTo(DtlsTransport.State.CLOSED);
        assertThat(client.transport.state()).isEqualTo(DtlsTransport.State.CLOSED);
        assertThat(client.terminalCallbacks.get()).as("no callback after our own close()").isEqualTo(1);
        assertThat(client.transport.sendApplicationData(new byte[4], 0, 4)).isFalse();
        long dropped = client.transport.droppedDatagrams();
        byte[] record = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0};
        client.transport.receive(record, 0, record.length);
        assertThat(client.transport.droppedDatagrams()).as("nothing is queued after close").isEqualTo(dropped + 1);
        awaitIdle();
    }

    @Test
    void closeDuringTheHandshakeEndsTheTaskWithoutCallbacks() throws Exception {
        DtlsPeer server = server(serverConfig());
        server.transport.start();
        awaitActive(1);
        server.transport.close();
        awaitIdle();
        assertThat(server.terminalCallbacks.get()).isZero();
        assertThat(server.transport.state()).isEqualTo(DtlsTransport.State.CLOSED);
        assertThatThrownBy(server.transport::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot start a DTLS transport in state CLOSED; it must be NEW");
    }

    @Test
    void datagramsReceivedBeforeStartAreKeptUpToTheQueueCapacity() throws Exception {
        DtlsPeer client = client(clientConfig());
        DtlsPeer server = server(serverConfig().withReceiveQueueCapacity(4));
        client.wire = datagram -> server.transport.receive(datagram, 0, datagram.length);
        client.transport.start();
        // The server is not started: its queue holds the ClientHello (and retransmissions, up to 4).
        while (client.sent.isEmpty()) {
            Thread.sleep(5);
        }
        byte[] emptyHandshakeRecord = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0};
        for (int i = 0; i < 6; i++) {
            server.transport.receive(emptyHandshakeRecord, 0, emptyHandshakeRecord.length);
        }
        assertThat(server.transport.droppedDatagrams()).isGreaterThanOrEqualTo(3);
        server.wire = datagram -> client.transport.receive(datagram, 0, datagram.length);
        server.transport.start();
        client.connected.get(20, SECONDS);
        server.connected.get(20, SECONDS);
    }

    @Test
    void rsaServerCertificateLoadedFromPemNegotiatesEcdheRsa(@TempDir Path dir) throws Exception {
        DtlsCertificate rsa = DtlsCertificate.load(Files.writeString(dir.resolve("rsa.crt"), OpensslFixtures.RSA_CERT),
                Files.writeString(dir.resolve("rsa.key"), OpensslFixtures.RSA_KEY), null);
        DtlsPeer client = peer("client", CLIENT_CERT, DtlsConfig.of(DtlsRole.CLIENT, List.of(rsa.fingerprint())));
        DtlsPeer server = peer("server", rsa, serverConfig());
        connect(client, server);
        assertThat(client.connected.get().localKey()).isEqualTo(server.connected.get().remoteKey());
    }

    @Test
    void twentyHandshakesInARowLeaveNoThreadsBehind() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, SECONDS)).isTrue();
        Set<Thread> before = liveThreads();
        pool = DtlsTransport.newHandshakeExecutor(2);
        for (int i = 0; i < 20; i++) {
            DtlsPeer client = client(clientConfig());
            DtlsPeer server = server(serverConfig());
            connect(client, server);
            assertApplicationDataFlows(client, server);
            if (i % 2 == 0) {
                client.transport.close();
                server.closed.get(10, SECONDS);
            } else {
                server.transport.close();
                client.closed.get(10, SECONDS);
            }
            client.transport.close();
            server.transport.close();
        }
        awaitIdle();
        assertThat(((ThreadPoolExecutor) pool).getQueue()).isEmpty();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, SECONDS)).isTrue();
        // Only threads this code starts count: other threads of the shared test JVM (the common
        // pool, GC helpers, other suites' executors) come and go under load and made this flaky.
        Set<Thread> leaked = liveThreads();
        leaked.removeAll(before);
        leaked.removeIf(t -> !t.getName().startsWith("sfu-dtls-") && !t.getName().contains("DTLS"));
        for (int i = 0; i < 50 && leaked.stream().anyMatch(Thread::isAlive); i++) {
            Thread.sleep(20);
        }
        leaked.removeIf(t -> !t.isAlive());
        assertThat(leaked.stream().map(Thread::getName).collect(Collectors.toList())).isEmpty();
    }

    // --- helpers ---

    private DtlsConfig clientConfig() {
        return DtlsConfig.of(DtlsRole.CLIENT, List.of(SERVER_CERT.fingerprint()));
    }

    private DtlsConfig serverConfig() {
        return DtlsConfig.of(DtlsRole.SERVER, List.of(CLIENT_CERT.fingerprint()));
    }

    private DtlsPeer client(DtlsConfig config) {
        return peer("client", CLIENT_CERT, config);
    }

    private DtlsPeer server(DtlsConfig config) {
        return peer("server", SERVER_CERT, config);
    }

    private DtlsPeer peer(String name, DtlsCertificate certificate, DtlsConfig config) {
        DtlsPeer peer = new DtlsPeer(name, certificate).open(config, pool);
        peers.add(peer);
        return peer;
    }

    private static void startBoth(DtlsPeer client, DtlsPeer server) {
        DtlsPeer.wire(client, server);
        server.transport.start();
        client.transport.start();
    }

    private static void connect(DtlsPeer client, DtlsPeer server) throws Exception {
        startBoth(client, server);
        client.connected.get(20, SECONDS);
        server.connected.get(20, SECONDS);
    }

    private static void assertApplicationDataFlows(DtlsPeer client, DtlsPeer server) throws InterruptedException {
        byte[] hello = "hello from the client".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = "hello from the server".getBytes(StandardCharsets.US_ASCII);
        assertThat(client.transport.sendApplicationData(hello, 0, hello.length)).isTrue();
        assertThat(server.applicationData.poll(10, SECONDS)).isEqualTo(hello);
        assertThat(server.transport.sendApplicationData(reply, 0, reply.length)).isTrue();
        assertThat(client.applicationData.poll(10, SECONDS)).isEqualTo(reply);
    }

    /** Random datagrams and DTLS-looking truncated or inconsistent records. */
    private static List<byte[]> junk(Random random) {
        List<byte[]> junk = new ArrayList<>();
        junk.add(new byte[0]);
        junk.add(new byte[] {22});
        junk.add(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0});
        // A record header claiming 16 KiB with only 20 bytes behind it.
        byte[] truncated = new byte[33];
        truncated[0] = 22;
        truncated[1] = (byte) 0xfe;
        truncated[2] = (byte) 0xfd;
        truncated[11] = 0x40;
        junk.add(truncated);
        // Handshake record, epoch 0, plausible length, random body.
        byte[] bogusHandshake = new byte[100];
        random.nextBytes(bogusHandshake);
        bogusHandshake[0] = 22;
        bogusHandshake[1] = (byte) 0xfe;
        bogusHandshake[2] = (byte) 0xfd;
        bogusHandshake[3] = 0;
        bogusHandshake[4] = 0;
        bogusHandshake[11] = 0;
        bogusHandshake[12] = 87;
        junk.add(bogusHandshake);
        // The same with a small epoch-0 sequence number, so it passes the framing filter and
        // bctls's handshake layer has to reject the garbage body itself.
        byte[] lowSequence = bogusHandshake.clone();
        Arrays.fill(lowSequence, 5, 11, (byte) 0);
        lowSequence[10] = 40;
        junk.add(lowSequence);
        // Application data in epoch 1 that cannot decrypt, and an alert in epoch 1.
        byte[] bogusData = bogusHandshake.clone();
        bogusData[0] = 23;
        bogusData[4] = 1;
        junk.add(bogusData);
        byte[] bogusAlert = Arrays.copyOf(bogusData, 15);
        bogusAlert[0] = 21;
        bogusAlert[12] = 2;
        junk.add(bogusAlert);
        for (int length : new int[] {1, 13, 64, 1500, 5000}) {
            byte[] noise = new byte[length];
            random.nextBytes(noise);
            junk.add(noise);
        }
        return junk;
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        while (((ThreadPoolExecutor) pool).getActiveCount() > 0) {
            assertThat(System.nanoTime()).as("handshake pool still busy").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void awaitActive(int count) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        while (((ThreadPoolExecutor) pool).getActiveCount() < count) {
            assertThat(System.nanoTime()).as("handshake task never started").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }
}
