package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.MediaType;
import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.RecordingRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which streams the VideoRoom starts and stops recording, and when, as {@code janus_videoroom.c} does it:
 * a room with {@code record} records every audio and video stream of each publisher once its offer is
 * answered; {@code enable_recording} and {@code configure record} start (with a keyframe request for video)
 * and stop recordings of live publishers; unpublish, hangup, leave, kick, destroy and detach stop them; a
 * renegotiation goes on in the same files unless a stream changed codec. The media port is a fake that
 * logs the calls; a real Chromium 156 offer carries audio (mid 0), a big and a small video (1, 2) and a
 * data channel (3), which is not recorded (data channels are not relayed).
 */
class VideoRoomRecordingTest {

    private static final String OFFER = Harness.resource("chromium-156-dual-stream-offer.sdp");

    private Harness h;
    private FakeHandle admin;
    private FakeHandle alice;
    private long a;

    @BeforeEach
    void setUp() {
        h = new Harness();
        admin = h.attach(1);
        alice = h.attach(10);
        a = alice.handleId();
    }

    private void createRoom(String options) {
        assertThat(h.sync(admin, "{'request':'create','room':'conf','publishers':9,'videocodec':'vp8,h264'" + options
                + "}").get("videoroom").asText()).isEqualTo("created");
    }

    /** Alice joins and publishes her offer; her PeerConnection comes up. */
    private void publishAlice(String joinOptions) {
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx", "{'request':'joinandconfigure','ptype':'publisher',"
                + "'room':'conf','id':'alice'" + joinOptions + "}", Harness.jsep("offer", OFFER));
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).jsep()).isNotNull();
        h.plugin.setupMedia(alice);
    }

    /** A new offer on Alice's live PeerConnection, with a configure carrying {@code options}. */
    private void renegotiate(String options) {
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx", "{'request':'configure'" + options + "}",
                Harness.jsep("offer", OFFER));
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).jsep()).isNotNull();
    }

    private List<String> starts(String codecs) {
        String[] c = codecs.split(",");
        return List.of("start " + a + " 0 " + c[0], "start " + a + " 1 " + c[1], "start " + a + " 2 " + c[2]);
    }

    private List<String> stops() {
        return List.of("stop " + a + " 0", "stop " + a + " 1", "stop " + a + " 2");
    }

    private List<String> drainRecordingCalls() {
        List<String> calls = List.copyOf(h.media.recordingCalls);
        h.media.recordingCalls.clear();
        return calls;
    }

    @Test
    void aRecordedRoomRecordsEveryAudioAndVideoStreamOnceTheOfferIsAnswered() {
        createRoom(",'record':true,'rec_dir':'/recordings/conf'");
        publishAlice("");
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
        assertThat(h.media.recordingRequests).containsExactly(
                new RecordingRequest("conf", "alice", a, "0", MediaType.AUDIO, 0, "opus", null, "/recordings/conf", null,
                        false),
                new RecordingRequest("conf", "alice", a, "1", MediaType.VIDEO, 1, "vp8", null, "/recordings/conf", null,
                        false),
                new RecordingRequest("conf", "alice", a, "2", MediaType.VIDEO, 2, "vp8", null, "/recordings/conf", null,
                        false));
        // Each recorded video stream asks for a keyframe (the router sends it once the PeerConnection is up), so
        // a recording that missed the browser's first one still gets one; Janus does not ask here.
        assertThat(h.media.calls).contains("keyframe " + a + " 1", "keyframe " + a + " 2")
                .doesNotContain("keyframe " + a + " 0");
    }

    @Test
    void unpublishStopsTheRecordingsBeforeThePeerConnectionCloses() {
        createRoom(",'record':true");
        publishAlice(",'filename':'alice-take1','descriptions':[{'mid':'1','description':'camera'}]");
        assertThat(h.media.recordingRequests).extracting(RecordingRequest::filenameBase)
                .containsOnly("alice-take1");
        assertThat(h.media.recordingRequests).extracting(RecordingRequest::recDir).containsOnly((String) null);
        assertThat(h.media.recordingRequests.get(1).description()).isEqualTo("camera");
        drainRecordingCalls();
        assertThat(h.asyncData(alice, "{'request':'unpublish'}").get("unpublished").asText()).isEqualTo("ok");
        assertThat(drainRecordingCalls()).isEqualTo(stops());
        List<String> calls = h.media.calls;
        assertThat(calls.indexOf("record stop " + a + " 2")).isLessThan(calls.indexOf("closePublisher " + a));

        // Publishing again records again (recording stays on), under Janus's name: hangup forgot the filename.
        h.media.recordingRequests.clear();
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx", "{'request':'publish'}", Harness.jsep("offer", OFFER));
        assertThat(pushed.get(0).jsep()).isNotNull();
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
        assertThat(h.media.recordingRequests).extracting(RecordingRequest::filenameBase).containsOnly((String) null);
    }

    @Test
    void aRoomWithoutRecordRecordsNothingUnlessThePublisherAsks() {
        createRoom("");
        publishAlice("");
        assertThat(h.media.recordingCalls).isEmpty();
        h.asyncData(alice, "{'request':'unpublish'}");
        assertThat(h.media.recordingCalls).isEmpty();

        FakeHandle bob = h.attach(20);
        h.async(bob, "tx", "{'request':'joinandconfigure','ptype':'publisher','room':'conf','id':'bob','record':true,"
                + "'filename':'bob'}", Harness.jsep("offer", OFFER));
        assertThat(h.media.recordingCalls).containsExactly("start " + bob.handleId() + " 0 opus",
                "start " + bob.handleId() + " 1 vp8", "start " + bob.handleId() + " 2 vp8");
    }

    @Test
    void enableRecordingStartsAndStopsTheRecordingsOfLivePublishersWithKeyframes() {
        createRoom("");
        publishAlice("");
        FakeHandle carol = h.attach(30);
        h.asyncData(carol, "{'request':'join','ptype':'publisher','room':'conf','id':'carol'}");
        assertThat(h.sync(admin, "{'request':'enable_recording','room':'conf','record':true}").get("record")
                .asBoolean()).isTrue();
        // Carol does not publish: nothing to record until she does.
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
        assertThat(h.media.calls).contains("keyframe " + a + " 1", "keyframe " + a + " 2")
                .doesNotContain("keyframe " + a + " 0");
        assertThat(h.listenerCalls).contains("record conf true");
        h.async(carol, "tx", "{'request':'configure'}", Harness.jsep("offer", OFFER));
        assertThat(drainRecordingCalls()).hasSize(3).allMatch(c -> c.startsWith("start " + carol.handleId()));

        // The same state again changes nothing.
        h.sync(admin, "{'request':'enable_recording','room':'conf','record':true}");
        assertThat(h.media.recordingCalls).isEmpty();

        h.sync(admin, "{'request':'enable_recording','room':'conf','record':false}");
        List<String> stopped = drainRecordingCalls();
        assertThat(stopped).containsAll(stops()).hasSize(6);
        // Not recording any more: a renegotiation starts nothing.
        renegotiate("");
        assertThat(h.media.recordingCalls).isEmpty();
    }

    @Test
    void configureRecordStartsAndStopsThisPublishersRecordingsAndLockRecordNeedsTheSecret() {
        createRoom(",'secret':'s3cret','lock_record':true");
        publishAlice("");
        h.asyncData(alice, "{'request':'configure','record':true}");
        assertThat(h.media.recordingCalls).as("lock_record without the secret keeps the state").isEmpty();
        h.asyncData(alice, "{'request':'configure','record':true,'secret':'s3cret'}");
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
        assertThat(h.media.calls).contains("keyframe " + a + " 1", "keyframe " + a + " 2");
        h.asyncData(alice, "{'request':'configure','record':true,'secret':'s3cret'}");
        assertThat(h.media.recordingCalls).as("already recording").isEmpty();
        h.asyncData(alice, "{'request':'configure','record':false,'secret':'s3cret'}");
        assertThat(drainRecordingCalls()).isEqualTo(stops());
    }

    @Test
    void configureRecordBeforeThePeerConnectionIsUpWaitsForTheAnswer() {
        createRoom("");
        h.asyncData(alice, "{'request':'join','ptype':'publisher','room':'conf','id':'alice'}");
        h.asyncData(alice, "{'request':'configure','record':true}");
        assertThat(h.media.recordingCalls).as("nothing published yet").isEmpty();
        h.async(alice, "tx", "{'request':'configure'}", Harness.jsep("offer", OFFER));
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
    }

    @Test
    void aRenegotiationGoesOnInTheSameFilesUnlessTheCodecChanged() {
        createRoom(",'record':true");
        publishAlice("");
        drainRecordingCalls();
        renegotiate("");
        assertThat(drainRecordingCalls()).containsExactly("source " + a + " 0", "source " + a + " 1",
                "source " + a + " 2");
        // Another video codec: those files end and new ones (with the new codec in their header) begin.
        renegotiate(",'videocodec':'h264'");
        assertThat(drainRecordingCalls()).containsExactly("source " + a + " 0", "stop " + a + " 1",
                "start " + a + " 1 h264", "stop " + a + " 2", "start " + a + " 2 h264");
    }

    @Test
    void leaveKickDestroyHangupAndDetachEachStopTheRecordings() {
        createRoom(",'record':true");
        // Keeps the room alive while Alice leaves and comes back (Wildfire removes empty rooms).
        FakeHandle keeper = h.attach(5);
        h.asyncData(keeper, "{'request':'join','ptype':'publisher','room':'conf','id':'keeper'}");
        publishAlice("");
        drainRecordingCalls();
        h.asyncData(alice, "{'request':'leave'}");
        assertThat(drainRecordingCalls()).isEqualTo(stops());

        alice = h.attach(10);
        a = alice.handleId();
        publishAlice("");
        drainRecordingCalls();
        h.sync(admin, "{'request':'kick','room':'conf','id':'alice'}");
        assertThat(drainRecordingCalls()).isEqualTo(stops());

        alice = h.attach(10);
        a = alice.handleId();
        publishAlice("");
        drainRecordingCalls();
        h.plugin.hangupMedia(alice);
        assertThat(drainRecordingCalls()).isEqualTo(stops());

        // Still in the room after the hangup: she publishes again on the same handle, then detaches.
        h.async(alice, "tx", "{'request':'publish'}", Harness.jsep("offer", OFFER));
        h.plugin.setupMedia(alice);
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
        h.plugin.destroySession(alice);
        assertThat(drainRecordingCalls()).isEqualTo(stops());

        alice = h.attach(10);
        a = alice.handleId();
        publishAlice("");
        drainRecordingCalls();
        h.sync(admin, "{'request':'destroy','room':'conf'}");
        assertThat(drainRecordingCalls()).isEqualTo(stops());
    }

    @Test
    void aRecordingThatCouldNotStartIsNotStoppedAndIsTriedAgainOnTheNextOffer() {
        createRoom(",'record':true");
        h.media.refuseRecordings = true;
        publishAlice("");
        assertThat(drainRecordingCalls()).isEqualTo(starts("opus,vp8,vp8"));
        renegotiate("");
        assertThat(drainRecordingCalls()).as("janus_videoroom_recorder_create tries again").isEqualTo(
                starts("opus,vp8,vp8"));
        h.asyncData(alice, "{'request':'unpublish'}");
        assertThat(h.media.recordingCalls).isEmpty();
    }
}
