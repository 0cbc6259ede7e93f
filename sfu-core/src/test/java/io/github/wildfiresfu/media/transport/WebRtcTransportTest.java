package io.github.wildfiresfu.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.dtls.DtlsConfig;
import io.github.wildfiresfu.media.dtls.DtlsFailure;
import io.github.wildfiresfu.media.dtls.DtlsRole;
import io.github.wildfiresfu.media.dtls.DtlsTransport;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.ice.IceLiteConfig;
import io.github.wildfiresfu.media.ice.StunMessage;
import io.github.wildfiresfu.media.ice.StunMessageWriter;
import io.github.wildfiresfu.media.rtp.PacketClassifier;
import io.github.wildfiresfu.media.rtp.PacketKind;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.srtp.SrtpUnprotector;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link WebRtcTransport} and a browser stand-in wired back to back in memory (no socket): the
 * stand-in sends ICE checks as a controlling full agent and runs the other end of DTLS; SRTP then
 * flows both ways. The transport's "event loop" is a single thread, as in production; its clock is
 * fake, so ICE and DTLS timeouts are checked without waiting.
 */
@Timeout(30)
class WebRtcTransportTest {

    static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    static final InetSocketAddress BROWSER = new InetSocketAddress("127.0.0.1", 50000);
    static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.1", 50001);

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-room-loop"));
    private final ExecutorService handshakes = DtlsTransport.newHandshakeExecutor(2);
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> receivedRtp = new LinkedBlockingQueue<>();
    private final IceCredentials serverCredentials = IceCredentials.random();
    private final IceCredentials browserCredentials = IceCredentials.random();
    private WebRtcTransport transport;
    private Browser browser;

    /** The browser side: a full ICE agent's checks, the other DTLS role, SRTP. */
    final class Browser implements DtlsTransport.Listener {
        final BlockingQueue<byte[]> fromServer = new LinkedBlockingQueue<>();
        final CompletableFuture<SrtpKeyingMaterial> keys = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        DtlsTransport dtls;
        volatile InetSocketAddress address = BROWSER;

        void open(DtlsRole role) {
            dtls = new DtlsTransport(CLIENT_CERT, DtlsConfig.of(role, List.of(SERVER_CERT.fingerprint())), this, handshakes);
        }

        /** Datagrams from the transport: DTLS to the handshake, the rest kept. */
        void deliver(byte[] datagram) {
            if (PacketClassifier.classify(datagram, 0, datagram.length) == PacketKind.DTLS && dtls != null) {
                dtls.receive(datagram, 0, datagram.length);
            } else {
                fromServer.add(datagram);
            }
        }

        void send(byte[] datagram) {
            InetSocketAddress from = address;
            loop.execute(() -> transport.onDatagram(datagram.clone(), 0, datagram.length, from));
        }

        void check(boolean nominate) throws Exception {
            byte[] buf = new byte[200];
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(serverCredentials.pwd().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] user = (serverCredentials.ufrag() + ":" + browserCredentials.ufrag()).getBytes(StandardCharsets.UTF_8);
            StunMessageWriter w = new StunMessageWriter().start(buf, 0, buf.length, StunMessage.BINDING_REQUEST,
                    new byte[12], 0).addBytes(StunMessage.USERNAME, user, 0, user.length)
                    .addUInt32(StunMessage.PRIORITY, 1).addUInt64(StunMessage.ICE_CONTROLLING, 7);
            if (nominate) {
                w.addEmpty(StunMessage.USE_CANDIDATE);
            }
            w.addMessageIntegrity(mac).addFingerprint(new CRC32());
            send(Arrays.copyOf(buf, w.length()));
        }

        @Override
        public void onDtlsSend(byte[] buf, int off, int len) {
            send(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void onDtlsConnected(SrtpKeyingMaterial keyingMaterial) {
            keys.complete(keyingMaterial);
        }

        @Override
        public void onDtlsFailed(DtlsFailure failure) {
            keys.completeExceptionally(new IllegalStateException(failure.toString()));
        }

        @Override
        public void onDtlsClosed(String reason) {
            closed.complete(reason);
        }
    }

    private void newTransport(IceLiteConfig ice) {
        newTransport(ice, loop);
    }

    /** A transport whose DTLS callbacks reach the loop through {@code transportLoop}. */
    private void newTransport(IceLiteConfig ice, java.util.concurrent.Executor transportLoop) {
        WebRtcTransport.Settings settings = new WebRtcTransport.Settings(ice, 1200, Duration.ofMillis(200),
                Duration.ofSeconds(10));
        browser = new Browser();
        transport = new WebRtcTransport("test", serverCredentials, settings, SERVER_CERT, handshakes, transportLoop,
                clock::get,
                (buf, off, len, to) -> {
                    if (to.equals(browser.address)) {
                        browser.deliver(Arrays.copyOfRange(buf, off, off + len));
                    }
                }, new WebRtcTransport.Listener() {
                    @Override
                    public void onTransportConnected(WebRtcTransport t) {
                        events.add("connected");
                    }

                    @Override
                    public void onTransportRtp(WebRtcTransport t, byte[] buf, int off, int len) {
                        receivedRtp.add(Arrays.copyOfRange(buf, off, off + len));
                    }

                    @Override
                    public void onTransportRtcp(WebRtcTransport t, byte[] buf, int off, int len) {
                        events.add("rtcp " + len);
                    }

                    @Override
                    public void onTransportFailed(WebRtcTransport t, WebRtcTransport.Failure failure) {
                        events.add("failed " + failure.reason() + (failure.ice() ? " (ice)" : ""));
                    }
                });
    }

    private WebRtcTransport.RemoteParameters remote(DtlsRole ours) {
        return new WebRtcTransport.RemoteParameters(browserCredentials.ufrag(), browserCredentials.pwd(),
                List.of(CLIENT_CERT.fingerprint()), ours);
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (transport != null) {
            onLoop(() -> {
                transport.close();
                return null;
            });
        }
        if (browser != null && browser.dtls != null) {
            browser.dtls.close();
        }
        loop.shutdownNow();
        handshakes.shutdownNow();
    }

    private String nextEvent() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    /** Connects with the transport as DTLS {@code ours}; returns the browser's SRTP keys. */
    private SrtpKeyingMaterial connect(DtlsRole ours) throws Exception {
        newTransport(IceLiteConfig.DEFAULT);
        browser.open(ours == DtlsRole.SERVER ? DtlsRole.CLIENT : DtlsRole.SERVER);
        onLoop(() -> {
            transport.setRemote(remote(ours));
            return null;
        });
        browser.check(true);
        byte[] response = browser.fromServer.poll(5, TimeUnit.SECONDS);
        assertThat(response).isNotNull();
        assertThat(PacketClassifier.classify(response, 0, response.length)).isEqualTo(PacketKind.STUN);
        assertThat(onLoop(transport::state)).isEqualTo(WebRtcTransport.State.ICE_CONNECTED);
        browser.dtls.start();
        SrtpKeyingMaterial keys = browser.keys.get(10, TimeUnit.SECONDS);
        assertThat(nextEvent()).isEqualTo("connected");
        assertThat(onLoop(transport::state)).isEqualTo(WebRtcTransport.State.CONNECTED);
        assertThat(onLoop(transport::selectedAddress)).isEqualTo(BROWSER);
        return keys;
    }

    @Test
    void srtpFlowsBothWaysOnceIceAndDtlsAreUpWithUsAsDtlsServer() throws Exception {
        exchangeMedia(connect(DtlsRole.SERVER));
    }

    @Test
    void srtpFlowsBothWaysWithUsAsDtlsClient() throws Exception {
        exchangeMedia(connect(DtlsRole.CLIENT));
    }

    private void exchangeMedia(SrtpKeyingMaterial browserKeys) throws Exception {
        SrtpProtector browserOut = SrtpProtector.create(browserKeys);
        SrtpUnprotector browserIn = SrtpUnprotector.create(browserKeys);
        byte[] plain = new byte[12 + 100];
        RtpPacket.writeFixedHeader(plain, 0, true, 96, 4242, 90000, 0xCAFE);
        Arrays.fill(plain, 12, plain.length, (byte) 0x3C);
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpSession.MAX_TRAILER_LENGTH);
        int n = browserOut.protectRtp(buf, 0, plain.length);
        browser.send(Arrays.copyOf(buf, n));
        byte[] got = receivedRtp.poll(5, TimeUnit.SECONDS);
        assertThat(got).containsExactly(plain);

        byte[] toBrowser = Arrays.copyOf(plain, plain.length + SrtpSession.MAX_TRAILER_LENGTH);
        assertThat(onLoop(() -> transport.sendRtp(toBrowser, 0, plain.length))).isTrue();
        byte[] protectedPacket = browser.fromServer.poll(5, TimeUnit.SECONDS);
        assertThat(protectedPacket).isNotNull();
        int m = browserIn.unprotectRtp(protectedPacket, 0, protectedPacket.length);
        assertThat(Arrays.copyOf(protectedPacket, m)).containsExactly(plain);
        assertThat(onLoop(transport::rtpReceived)).isEqualTo(1);
        assertThat(onLoop(transport::rtpSent)).isEqualTo(1);
    }

    @Test
    void mediaFromAnAddressWithoutAValidCheckIsDropped() throws Exception {
        SrtpKeyingMaterial keys = connect(DtlsRole.SERVER);
        byte[] plain = new byte[40];
        RtpPacket.writeFixedHeader(plain, 0, false, 96, 1, 0, 1);
        byte[] buf = Arrays.copyOf(plain, 40 + SrtpSession.MAX_TRAILER_LENGTH);
        int n = SrtpProtector.create(keys).protectRtp(buf, 0, 40);
        browser.address = STRANGER;
        browser.send(Arrays.copyOf(buf, n));
        browser.send(new byte[] {64, 1, 2, 3});
        assertThat(receivedRtp.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(onLoop(() -> transport.drops().get(TransportDropReason.UNVALIDATED_SOURCE))).isEqualTo(1);
        assertThat(onLoop(() -> transport.kindDrops().get(PacketKind.TURN_CHANNEL))).isEqualTo(1);
    }

    @Test
    void dtlsThatArrivesBeforeTheRemoteDescriptionWaitsForIt() throws Exception {
        newTransport(IceLiteConfig.DEFAULT);
        browser.open(DtlsRole.CLIENT);
        browser.check(true);
        assertThat(browser.fromServer.poll(5, TimeUnit.SECONDS)).isNotNull();
        // A subscriber's browser starts DTLS before its answer reaches us.
        browser.dtls.start();
        Thread.sleep(200);
        assertThat(browser.keys).isNotDone();
        onLoop(() -> {
            transport.setRemote(remote(DtlsRole.SERVER));
            return null;
        });
        browser.keys.get(10, TimeUnit.SECONDS);
        assertThat(nextEvent()).isEqualTo("connected");
    }

    @Test
    void srtpBeforeDtlsIsCountedAndDropped() throws Exception {
        newTransport(IceLiteConfig.DEFAULT);
        browser.check(false);
        browser.fromServer.poll(5, TimeUnit.SECONDS);
        byte[] rtp = new byte[40];
        RtpPacket.writeFixedHeader(rtp, 0, false, 96, 1, 0, 1);
        browser.send(rtp);
        assertThat(onLoop(() -> transport.drops().get(TransportDropReason.NOT_CONNECTED))).isEqualTo(1);
        byte[] out = new byte[40 + SrtpSession.MAX_TRAILER_LENGTH];
        assertThat(onLoop(() -> transport.sendRtp(out, 0, 40))).isFalse();
        assertThat(onLoop(() -> transport.drops().get(TransportDropReason.SEND_NOT_READY))).isEqualTo(1);
    }

    /**
     * The race a loaded machine showed with Chromium (a recording missing its first keyframe): the browser, as
     * DTLS client, has its keys once our Finished arrives and sends media at once, while our keys are still on
     * their way from the handshake thread to the loop. Made certain here: our "DTLS connected" task is held
     * back until the browser's SRTP and SRTCP were handled. They wait and are delivered, in order, once the keys
     * are in; what does not fit the queue is counted as NOT_CONNECTED.
     */
    @Test
    void srtpThatArrivesWhileOurKeysAreOnTheirWayIsDeliveredOnceTheyAre() throws Exception {
        List<Runnable> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean(true);
        // Tasks posted by a handshake thread once our DTLS side is connected: the "connected" hop.
        newTransport(IceLiteConfig.DEFAULT, task -> {
            if (holding.get() && transport.dtlsState() == DtlsTransport.State.CONNECTED
                    && !Thread.currentThread().getName().equals("test-room-loop")) {
                held.add(task);
            } else {
                loop.execute(task);
            }
        });
        browser.open(DtlsRole.CLIENT);
        onLoop(() -> {
            transport.setRemote(remote(DtlsRole.SERVER));
            return null;
        });
        browser.check(true);
        assertThat(browser.fromServer.poll(5, TimeUnit.SECONDS)).isNotNull();
        browser.dtls.start();
        SrtpKeyingMaterial keys = browser.keys.get(10, TimeUnit.SECONDS);
        SrtpProtector browserOut = SrtpProtector.create(keys);
        int sent = WebRtcTransport.EARLY_SRTP_QUEUE + 1;
        for (int seq = 1; seq <= sent; seq++) {
            byte[] buf = new byte[12 + 20 + SrtpSession.MAX_TRAILER_LENGTH];
            RtpPacket.writeFixedHeader(buf, 0, seq == 1, 111, seq, seq * 960L, 0xA0D10);
            browser.send(Arrays.copyOf(buf, browserOut.protectRtp(buf, 0, 12 + 20)));
            if (seq == 1) {
                browser.send(srtcpReceiverReport(browserOut));
            }
        }
        assertThat(onLoop(transport::state)).as("our keys are held back").isEqualTo(WebRtcTransport.State.ICE_CONNECTED);
        assertThat(held).as("the connected hop was held").isNotEmpty();
        assertThat(receivedRtp).isEmpty();
        // The SRTCP took one place in the queue: two RTP packets did not fit.
        assertThat(onLoop(() -> transport.drops().get(TransportDropReason.NOT_CONNECTED))).isEqualTo(2);

        holding.set(false);
        held.forEach(loop::execute);
        assertThat(nextEvent()).isEqualTo("connected");
        assertThat(nextEvent()).startsWith("rtcp ");
        for (int seq = 1; seq <= WebRtcTransport.EARLY_SRTP_QUEUE - 1; seq++) {
            byte[] got = receivedRtp.poll(5, TimeUnit.SECONDS);
            assertThat(got).as("packet " + seq).isNotNull();
            assertThat(((got[2] & 0xff) << 8) | (got[3] & 0xff)).isEqualTo(seq);
        }
        assertThat(onLoop(transport::rtpReceived)).isEqualTo(WebRtcTransport.EARLY_SRTP_QUEUE - 1);
        // Later media goes straight through.
        byte[] late = new byte[12 + 20 + SrtpSession.MAX_TRAILER_LENGTH];
        RtpPacket.writeFixedHeader(late, 0, false, 111, 500, 500 * 960L, 0xA0D10);
        browser.send(Arrays.copyOf(late, browserOut.protectRtp(late, 0, 12 + 20)));
        byte[] got = receivedRtp.poll(5, TimeUnit.SECONDS);
        assertThat(((got[2] & 0xff) << 8) | (got[3] & 0xff)).isEqualTo(500);
    }

    /** An empty receiver report (RFC 3550 §6.4.2), SRTCP-protected. */
    private static byte[] srtcpReceiverReport(SrtpProtector out) {
        byte[] buf = new byte[8 + SrtpSession.MAX_TRAILER_LENGTH];
        buf[0] = (byte) 0x80;
        buf[1] = (byte) 201;
        buf[3] = 1;
        buf[7] = 1;
        return Arrays.copyOf(buf, out.protectRtcp(buf, 0, 8));
    }

    @Test
    void noCheckAtAllFailsIceAfterTheFailureTimeout() throws Exception {
        newTransport(new IceLiteConfig(Duration.ofSeconds(30), Duration.ofSeconds(5), true, 8));
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        onLoop(() -> {
            transport.checkTimers(clock.get());
            return null;
        });
        assertThat(events).isEmpty();
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        onLoop(() -> {
            transport.checkTimers(clock.get());
            return null;
        });
        assertThat(nextEvent()).isEqualTo("failed ICE failed (ice)");
        assertThat(onLoop(transport::state)).isEqualTo(WebRtcTransport.State.CLOSED);
    }

    @Test
    void consentExpiresWithoutChecksAndIsRefreshedByThem() throws Exception {
        connect(DtlsRole.SERVER);
        clock.addAndGet(Duration.ofSeconds(20).toNanos());
        browser.check(false);
        browser.fromServer.poll(5, TimeUnit.SECONDS);
        onLoop(transport::state);
        clock.addAndGet(Duration.ofSeconds(20).toNanos());
        onLoop(() -> {
            transport.checkTimers(clock.get());
            return null;
        });
        assertThat(events).isEmpty();
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        onLoop(() -> {
            transport.checkTimers(clock.get());
            return null;
        });
        assertThat(nextEvent()).isEqualTo("failed ICE failed (ice)");
    }

    @Test
    void dtlsThatNeverStartsAfterIceIsATimeout() throws Exception {
        newTransport(IceLiteConfig.DEFAULT);
        browser.check(true);
        browser.fromServer.poll(5, TimeUnit.SECONDS);
        // The response leaves before the check's task ends: let it end before the clock moves.
        assertThat(onLoop(transport::state)).isEqualTo(WebRtcTransport.State.ICE_CONNECTED);
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        browser.check(false);
        browser.fromServer.poll(5, TimeUnit.SECONDS);
        assertThat(onLoop(transport::state)).isEqualTo(WebRtcTransport.State.ICE_CONNECTED);
        onLoop(() -> {
            transport.checkTimers(clock.get());
            return null;
        });
        assertThat(nextEvent()).isEqualTo("failed DTLS timeout");
    }

    @Test
    void closeSaysGoodbyeWithCloseNotifyAndReportsNothing() throws Exception {
        connect(DtlsRole.SERVER);
        onLoop(() -> {
            transport.close();
            return null;
        });
        assertThat(browser.closed.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        browser.check(false);
        // Our check, and the browser's own close_notify answering ours.
        assertThat(onLoop(() -> transport.drops().get(TransportDropReason.CLOSED))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void thePeersCloseNotifyHangsUpWithDtlsAlert() throws Exception {
        connect(DtlsRole.SERVER);
        browser.dtls.close();
        assertThat(nextEvent()).isEqualTo("failed DTLS alert");
    }
}
