package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.dtls.DtlsConfig;
import io.github.wildfiresfu.media.dtls.DtlsFailure;
import io.github.wildfiresfu.media.dtls.DtlsFingerprint;
import io.github.wildfiresfu.media.dtls.DtlsRole;
import io.github.wildfiresfu.media.dtls.DtlsTransport;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.ice.StunMessage;
import io.github.wildfiresfu.media.ice.StunMessageWriter;
import io.github.wildfiresfu.media.rtp.PacketClassifier;
import io.github.wildfiresfu.media.rtp.PacketKind;
import io.github.wildfiresfu.media.sdp.Connection;
import io.github.wildfiresfu.media.sdp.Direction;
import io.github.wildfiresfu.media.sdp.Fingerprint;
import io.github.wildfiresfu.media.sdp.Group;
import io.github.wildfiresfu.media.sdp.MediaDescription;
import io.github.wildfiresfu.media.sdp.Origin;
import io.github.wildfiresfu.media.sdp.SdpParser;
import io.github.wildfiresfu.media.sdp.SdpWriter;
import io.github.wildfiresfu.media.sdp.SessionDescription;
import io.github.wildfiresfu.media.sdp.Setup;
import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.srtp.SrtpUnprotector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser stand-in for engine tests, over real UDP on 127.0.0.1: a full ICE agent's checks
 * (controlling, with USE-CANDIDATE, written with our STUN writer), a DTLS client (our
 * {@link DtlsTransport}), SRTP with the exported keys, and the SDP a browser would write (a
 * Chromium offer with this peer's credentials; a minimal recvonly answer to a subscriber offer).
 * A reader thread takes every datagram: STUN responses are counted, DTLS goes to the handshake,
 * SRTP/SRTCP is unprotected into {@link #rtp}/{@link #rtcp}.
 */
public final class TestWebRtcPeer implements AutoCloseable {

    public final String name;
    public final DtlsCertificate certificate = DtlsCertificate.generate();
    public final IceCredentials credentials = IceCredentials.random();
    public final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    public final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    public final CompletableFuture<SrtpKeyingMaterial> connected = new CompletableFuture<>();
    public final AtomicLong stunResponses = new AtomicLong();
    private final ExecutorService handshakes = DtlsTransport.newHandshakeExecutor(1);
    private final DatagramChannel channel;
    private final Thread reader;
    private volatile InetSocketAddress server;
    private volatile DtlsTransport dtls;
    private volatile SrtpUnprotector unprotector;
    private SrtpProtector protector;
    private volatile boolean closed;
    /** SRTP packets still to discard unread, to simulate losses. */
    public final java.util.concurrent.atomic.AtomicInteger loseRtp = new java.util.concurrent.atomic.AtomicInteger();

    public TestWebRtcPeer(String name) throws IOException {
        this.name = name;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.socket().setSoTimeout(100);
        this.reader = new Thread(this::read, "test-peer-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The Chromium fixture offer with this peer's ICE credentials and fingerprint. */
    public String offer(String fixture) {
        String sdp = fixture(fixture);
        return sdp.replaceAll("a=ice-ufrag:.*", "a=ice-ufrag:" + credentials.ufrag())
                .replaceAll("a=ice-pwd:.*", "a=ice-pwd:" + credentials.pwd())
                .replaceAll("a=fingerprint:.*", "a=fingerprint:" + certificate.fingerprint().toSdp());
    }

    public static String fixture(String name) {
        try (InputStream in = TestWebRtcPeer.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recvonly answer to a subscriber offer, accepting every m-line with a port, as Chromium answers. */
    public String answer(String offerSdp) {
        SessionDescription offer = SdpParser.parse(offerSdp);
        List<MediaDescription> media = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        Fingerprint fp = Fingerprint.parse(certificate.fingerprint().toSdp());
        for (MediaDescription m : offer.media()) {
            if (m.isRejected()) {
                media.add(MediaDescription.builder(m.media(), 0, m.protocol(), m.formats()).connection(Connection.of("0.0.0.0"))
                        .mid(m.mid()).direction(Direction.INACTIVE).build());
                continue;
            }
            bundle.add(m.mid());
            MediaDescription.Builder b = MediaDescription.builder(m.media(), 9, m.protocol(), m.formats())
                    .connection(Connection.of("0.0.0.0")).mid(m.mid()).iceUfrag(credentials.ufrag())
                    .icePwd(credentials.pwd()).fingerprints(List.of(fp)).setup(Setup.ACTIVE);
            if (m.isRtp()) {
                b.codecs(m.allCodecs()).direction(Direction.RECVONLY).rtcpMux(true).extmaps(m.extmaps());
            }
            media.add(b.build());
        }
        return SdpWriter.write(SessionDescription.builder(Origin.of("42", 1, "127.0.0.1"), "-")
                .groups(List.of(Group.bundle(bundle))).media(media).build());
    }

    /**
     * Connects to the server whose SDP is {@code serverSdp} (our offer's answer or the subscriber
     * offer): ICE checks until answered, then DTLS as the client.
     */
    public void connect(String serverSdp) throws Exception {
        SessionDescription sd = SdpParser.parse(serverSdp);
        MediaDescription tag = sd.media().stream().filter(m -> !m.isRejected()).findFirst().orElseThrow();
        String ufrag = sd.iceUfragFor(tag).orElseThrow();
        String pwd = sd.icePwdFor(tag).orElseThrow();
        server = new InetSocketAddress("127.0.0.1", tag.candidates().get(0).port());
        List<DtlsFingerprint> fps = sd.fingerprintsFor(tag).stream().map(f -> DtlsFingerprint.parse(f.toSdp())).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stunResponses.get() == 0) {
            sendCheck(ufrag, pwd, true);
            Thread.sleep(20);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": no STUN response from " + server);
            }
        }
        dtls = new DtlsTransport(certificate, DtlsConfig.of(DtlsRole.CLIENT, fps), new DtlsTransport.Listener() {
            @Override
            public void onDtlsSend(byte[] buf, int off, int len) {
                sendRaw(Arrays.copyOfRange(buf, off, off + len));
            }

            @Override
            public void onDtlsConnected(SrtpKeyingMaterial keys) {
                unprotector = SrtpUnprotector.create(keys);
                connected.complete(keys);
            }

            @Override
            public void onDtlsFailed(DtlsFailure failure) {
                connected.completeExceptionally(new IllegalStateException(name + ": " + failure));
            }
        }, handshakes);
        dtls.start();
        SrtpKeyingMaterial keys = connected.get(10, TimeUnit.SECONDS);
        protector = SrtpProtector.create(keys);
        this.checkUfrag = ufrag;
        this.checkPwd = pwd;
    }

    private volatile String checkUfrag;
    private volatile String checkPwd;

    /** A consent check like the ones browsers send every few seconds. */
    public void consentCheck() {
        sendCheck(checkUfrag, checkPwd, false);
    }

    private void sendCheck(String serverUfrag, String serverPwd, boolean nominate) {
        try {
            byte[] buf = new byte[200];
            byte[] txid = new byte[12];
            new java.util.Random().nextBytes(txid);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(serverPwd.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] user = (serverUfrag + ":" + credentials.ufrag()).getBytes(StandardCharsets.UTF_8);
            StunMessageWriter w = new StunMessageWriter().start(buf, 0, buf.length, StunMessage.BINDING_REQUEST, txid, 0)
                    .addBytes(StunMessage.USERNAME, user, 0, user.length)
                    .addUInt32(StunMessage.PRIORITY, 0x6E0001FFL)
                    .addUInt64(StunMessage.ICE_CONTROLLING, 0x1122334455667788L);
            if (nominate) {
                w.addEmpty(StunMessage.USE_CANDIDATE);
            }
            w.addMessageIntegrity(mac).addFingerprint(new CRC32());
            sendRaw(Arrays.copyOf(buf, w.length()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Protects and sends a plain RTP packet. */
    public void sendRtp(byte[] plain) {
        sendProtected(plain, false);
    }

    /** Protects and sends a plain RTCP packet. */
    public void sendRtcp(byte[] plain) {
        sendProtected(plain, true);
    }

    private synchronized void sendProtected(byte[] plain, boolean isRtcp) {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpSession.MAX_TRAILER_LENGTH);
        int n = isRtcp ? protector.protectRtcp(buf, 0, plain.length) : protector.protectRtp(buf, 0, plain.length);
        if (n < 0) {
            throw new IllegalStateException("SRTP refused: " + n);
        }
        sendRaw(Arrays.copyOf(buf, n));
    }

    public void sendRaw(byte[] datagram) {
        try {
            channel.send(ByteBuffer.wrap(datagram), server);
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public int localPort() {
        return channel.socket().getLocalPort();
    }

    private void read() {
        byte[] buf = new byte[4096];
        java.net.DatagramPacket packet = new java.net.DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                channel.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            int len = packet.getLength();
            PacketKind kind = PacketClassifier.classify(buf, 0, len);
            switch (kind) {
                case STUN -> stunResponses.incrementAndGet();
                case DTLS -> {
                    DtlsTransport d = dtls;
                    if (d != null) {
                        d.receive(buf, 0, len);
                    }
                }
                case RTP, RTCP -> {
                    SrtpUnprotector u = unprotector;
                    if (u == null) {
                        continue;
                    }
                    if (kind == PacketKind.RTP && loseRtp.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                        continue;
                    }
                    int n = kind == PacketKind.RTP ? u.unprotectRtp(buf, 0, len) : u.unprotectRtcp(buf, 0, len);
                    if (n >= 0) {
                        (kind == PacketKind.RTP ? rtp : rtcp).add(Arrays.copyOf(buf, n));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Stops reading (without any DTLS goodbye, like a browser tab that vanished). */
    public void vanish() {
        closed = true;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        DtlsTransport d = dtls;
        if (d != null) {
            d.close();
        }
        reader.join(2000);
        channel.close();
        handshakes.shutdownNow();
    }
}
