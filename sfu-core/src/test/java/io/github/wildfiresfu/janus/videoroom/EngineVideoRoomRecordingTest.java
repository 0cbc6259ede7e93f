package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.janus.MediaEventSink;
import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.engine.MediaEngine;
import io.github.wildfiresfu.media.engine.MediaEngineSettings;
import io.github.wildfiresfu.media.engine.TestWebRtcPeer;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostAddress;
import io.github.wildfiresfu.media.recording.RecordedStream;
import io.github.wildfiresfu.media.recording.StreamRecorder;
import io.github.wildfiresfu.media.recording.StreamRecording;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recording through {@link EngineVideoRoomMedia} on a real engine over loopback UDP: the VideoRoom's
 * recording request becomes a {@link RecordedStream} with what the engine negotiated (codec, fmtp, the
 * extensions the post-processors read), the publisher's decrypted packets reach the recording on the room's
 * loop, and a stop closes the recording only after its tap is off (no packet after {@code stop}).
 */
@Timeout(60)
class EngineVideoRoomRecordingTest {

    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();
    private static final String OFFER = "chromium-publisher-audio-video.offer.sdp";
    /** The SSRC of the video in the offer above. */
    private static final long VIDEO_SSRC = 1653262666L;

    /** A recording that keeps what it is offered and notices packets after its stop. */
    static final class FakeRecording implements StreamRecording {
        final RecordedStream stream;
        final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
        final CountDownLatch stopped = new CountDownLatch(1);
        final List<String> violations = new CopyOnWriteArrayList<>();
        volatile int sourceChanges;

        FakeRecording(RecordedStream stream) {
            this.stream = stream;
        }

        @Override
        public void onRtp(byte[] packet, int offset, int length, long arrivalNanos) {
            if (stopped.getCount() == 0) {
                violations.add("packet after stop");
            }
            if (!Thread.currentThread().getName().startsWith("sfu-media-")) {
                violations.add("packet on " + Thread.currentThread().getName());
            }
            byte[] copy = new byte[length];
            System.arraycopy(packet, offset, copy, 0, length);
            packets.add(copy);
        }

        @Override
        public void sourceChanged() {
            sourceChanges++;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }
    }

    private final List<FakeRecording> recordings = new CopyOnWriteArrayList<>();
    private final StreamRecorder recorder = stream -> {
        FakeRecording r = new FakeRecording(stream);
        recordings.add(r);
        return r;
    };
    private final BlockingQueue<Long> up = new LinkedBlockingQueue<>();
    private MediaEngine engine;
    private TestWebRtcPeer alicePeer;

    @AfterEach
    void tearDown() throws Exception {
        if (alicePeer != null) {
            alicePeer.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static int freeUdpRange(int size) {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 42000 + random.nextInt(8000);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + size; p++) {
                    held.add(new DatagramSocket(p));
                }
                return base;
            } catch (java.net.SocketException taken) {
                // Another base.
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no " + size + " consecutive free UDP ports between 42000 and 50000");
    }

    private Harness start() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int min = freeUdpRange(4);
        engine = new MediaEngine(MediaEngineSettings.defaults(List.of(new HostAddress("lo", lo, lo)), CERTIFICATE)
                .withPortRange(min, min + 3).withThreads(1, 2));
        EngineVideoRoomMedia media = new EngineVideoRoomMedia(engine, recorder);
        media.attach(new MediaEventSink() {
            @Override
            public void webRtcUp(long handleId) {
                up.add(handleId);
            }

            @Override
            public void media(long handleId, String mid, String type, boolean receiving) {
            }

            @Override
            public void slowLink(long handleId, String mid, String media, boolean uplink, int lost) {
            }

            @Override
            public void hangup(long handleId, String reason) {
            }

            @Override
            public void iceFailed(long handleId) {
            }

            @Override
            public void localCandidate(long handleId, String sdpMid, int sdpMLineIndex, String candidate) {
            }

            @Override
            public void localCandidatesDone(long handleId) {
            }
        }, (handleId, trickle) -> { });
        Harness h = new Harness(VideoRoomSettings.defaults(), media);
        FakeHandle admin = h.attach(1);
        assertThat(h.sync(admin, "{'request':'create','room':'conf','publishers':9,'record':true,"
                + "'rec_dir':'/srv/recordings'}").get("videoroom").asText()).isEqualTo("created");
        return h;
    }

    @Test
    void aRecordedRoomTapsThePublishersStreamsWithWhatTheEngineNegotiated() throws Exception {
        Harness h = start();
        alicePeer = new TestWebRtcPeer("alice");
        FakeHandle alice = h.attach(10);
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx", "{'request':'joinandconfigure','ptype':'publisher',"
                + "'room':'conf','id':'alice','filename':'alice-rec'}", Harness.jsep("offer", alicePeer.offer(OFFER)));
        assertThat(recordings).hasSize(2);
        RecordedStream audio = recordings.get(0).stream;
        RecordedStream video = recordings.get(1).stream;
        assertThat(audio).isEqualTo(new RecordedStream("conf", "alice", MediaKind.AUDIO, 0, "opus", audio.fmtp(), null,
                audio.extmaps(), "/srv/recordings", "alice-rec", false));
        assertThat(audio.fmtp()).contains("useinbandfec=1");
        assertThat(audio.extmaps()).containsValue(HeaderExtensionPolicy.AUDIO_LEVEL).hasSize(1);
        assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(video.codec()).isEqualTo("vp8");
        assertThat(video.mindex()).isEqualTo(1);
        assertThat(video.extmaps()).isEqualTo(Map.of(13, HeaderExtensionPolicy.VIDEO_ORIENTATION));

        alicePeer.connect(pushed.get(0).jsep().get("sdp").asText());
        assertThat(up.poll(10, TimeUnit.SECONDS)).isEqualTo(alice.handleId());
        h.plugin.setupMedia(alice);
        // Alone in the room, Alice is recorded all the same.
        FakeRecording videoRecording = recordings.get(1);
        byte[] got = null;
        for (int seq = 1; got == null && seq < 200; seq++) {
            byte[] p = new byte[12 + 50];
            RtpPacket.writeFixedHeader(p, 0, false, 96, seq, seq * 3000L, VIDEO_SSRC);
            alicePeer.sendRtp(p);
            got = videoRecording.packets.poll(50, TimeUnit.MILLISECONDS);
        }
        assertThat(got).as("alice's video in the recording").isNotNull();
        RtpPacket recorded = new RtpPacket();
        assertThat(recorded.wrap(got, 0, got.length)).isNull();
        assertThat(recorded.ssrc()).isEqualTo(VIDEO_SSRC);
        assertThat(recorded.payloadLength()).isEqualTo(50);
        assertThat(recordings.get(0).packets).as("no video in the audio recording").isEmpty();

        // Unpublish: the recordings stop after their taps are off.
        h.asyncData(alice, "{'request':'unpublish'}");
        for (FakeRecording r : recordings) {
            assertThat(r.stopped.await(5, TimeUnit.SECONDS)).isTrue();
        }
        for (int seq = 500; seq < 510; seq++) {
            byte[] p = new byte[12 + 50];
            RtpPacket.writeFixedHeader(p, 0, false, 96, seq, seq * 3000L, VIDEO_SSRC);
            alicePeer.sendRtp(p);
        }
        engine.close();
        assertThat(recordings).allSatisfy(r -> assertThat(r.violations).isEmpty());
    }

    @Test
    void aStreamTheEngineDoesNotKnowIsNotRecorded() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int min = freeUdpRange(2);
        engine = new MediaEngine(MediaEngineSettings.defaults(List.of(new HostAddress("lo", lo, lo)), CERTIFICATE)
                .withPortRange(min, min + 1).withThreads(1, 1));
        EngineVideoRoomMedia refusing = new EngineVideoRoomMedia(engine);
        VideoRoomMedia.RecordingRequest request = new VideoRoomMedia.RecordingRequest("conf", "alice", 77, "0",
                VideoRoomMedia.MediaType.AUDIO, 0, "opus", null, null, null, false);
        assertThat(refusing.startRecording(request)).as("no such PeerConnection").isFalse();
        assertThat(refusing.recordingCount()).isZero();
        // Stopping what is not recorded is harmless.
        refusing.stopRecording(77, "0");
        refusing.recordingSourceChanged(77, "0");
    }
}
