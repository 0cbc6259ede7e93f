package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publisher and subscriber state machines with the fake media port and a real Chromium 156
 * offer carrying audio, a big and a small video (Wildfire dual stream) and a data channel.
 */
class VideoRoomMediaFlowTest {

    private static final String OFFER = Harness.resource("chromium-156-dual-stream-offer.sdp");

    private Harness h;
    private FakeHandle admin;
    private FakeHandle alice;
    private FakeHandle bob;

    @BeforeEach
    void room() {
        h = new Harness();
        admin = h.attach(1);
        assertThat(h.sync(admin, "{'request':'create','room':'conf','publishers':9,'videocodec':'vp8,h264'}")
                .get("videoroom").asText()).isEqualTo("created");
        alice = h.attach(10);
        bob = h.attach(20);
        h.asyncData(bob, "{'request':'join','ptype':'publisher','room':'conf','id':'bob'}");
    }

    /** Alice joins and publishes her dual stream; Janus announces her once the PC is up. */
    private ObjectNode publishAlice() {
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx-jc",
                "{'request':'joinandconfigure','ptype':'publisher','room':'conf','id':'alice','display':'Alice',"
                        + "'descriptions':[{'mid':'1','description':'big'},{'mid':'2','description':'small'}]}",
                Harness.jsep("offer", OFFER));
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).jsep().get("type").asText()).isEqualTo("answer");
        assertThat(FakeMedia.mlines(pushed.get(0).jsep().get("sdp").asText())).hasSize(4);
        assertThat(bob.drain()).as("no announcement before the PeerConnection is up").isEmpty();
        h.plugin.setupMedia(alice);
        return pushed.get(0).data();
    }

    @Test
    void joinAndConfigureAnswersJoinedWithTheDualStream() throws Exception {
        ObjectNode joined = publishAlice();
        assertThat(joined.get("videoroom").asText()).isEqualTo("joined");
        assertThat(joined.get("audio_codec").asText()).isEqualTo("opus");
        assertThat(joined.get("video_codec").asText()).isEqualTo("vp8");
        assertThat(joined.get("streams")).isEqualTo(Harness.jsonArray("[{'type':'audio','mindex':0,'mid':'0','codec':'opus','fec':true},"
                + "{'type':'video','mindex':1,'mid':'1','description':'big','codec':'vp8'},"
                + "{'type':'video','mindex':2,'mid':'2','description':'small','codec':'vp8'},"
                + "{'type':'data','mindex':3,'mid':'3'}]"));
        List<ObjectNode> bobEvents = bob.drainData();
        assertThat(bobEvents).hasSize(1);
        ObjectNode entry = (ObjectNode) bobEvents.get(0).get("publishers").get(0);
        assertThat(entry.get("id").asText()).isEqualTo("alice");
        assertThat(entry.get("display").asText()).isEqualTo("Alice");
        assertThat(entry.get("streams")).hasSize(4);
        ObjectNode participants = h.sync(admin, "{'request':'listparticipants','room':'conf'}");
        assertThat(participants.get("participants").toString()).isEqualTo("[{\"id\":\"bob\",\"publisher\":false},"
                + "{\"id\":\"alice\",\"display\":\"Alice\",\"publisher\":true,\"talking\":false,\"streams\":["
                + "{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"opus\"},"
                + "{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"description\":\"big\",\"codec\":\"vp8\"},"
                + "{\"type\":\"video\",\"mindex\":2,\"mid\":\"2\",\"description\":\"small\",\"codec\":\"vp8\"},"
                + "{\"type\":\"data\",\"mindex\":3,\"mid\":\"3\"}]}]");
        // A second join on the same room lists Alice as an active publisher.
        FakeHandle carol = h.attach(30);
        ObjectNode carolJoined = h.asyncData(carol, "{'request':'join','ptype':'publisher','room':'conf','id':'carol'}");
        assertThat(carolJoined.get("publishers").get(0).get("video_codec").asText()).isEqualTo("vp8");
        assertThat(carolJoined.get("publishers").get(0).get("streams").get(0).get("talking").asBoolean()).isFalse();
    }

    @Test
    void dualStreamSubscribeSwitchUpdateAndControls() throws Exception {
        publishAlice();
        bob.drain();
        FakeHandle sub = h.attach(20);
        List<FakeHandle.Pushed> attached = h.async(sub, "tx-sub",
                "{'request':'join','ptype':'subscriber','room':'conf','streams':[{'feed':'alice','mid':'0'},"
                        + "{'feed':'alice','mid':'1'},{'feed':'alice','mid':'3'}]}", null);
        assertThat(attached).hasSize(1);
        ObjectNode ev = attached.get(0).data();
        assertThat(ev.get("videoroom").asText()).isEqualTo("attached");
        assertThat(ev.has("warning")).isFalse();
        assertThat(ev.get("streams").toString()).isEqualTo("[{\"type\":\"audio\",\"active\":true,\"mindex\":0,"
                + "\"mid\":\"0\",\"ready\":false,\"send\":true,\"feed_id\":\"alice\",\"feed_display\":\"Alice\","
                + "\"feed_mid\":\"0\",\"codec\":\"opus\"},{\"type\":\"video\",\"active\":true,\"mindex\":1,\"mid\":\"1\","
                + "\"ready\":false,\"send\":true,\"feed_id\":\"alice\",\"feed_display\":\"Alice\",\"feed_mid\":\"1\","
                + "\"feed_description\":\"big\",\"codec\":\"vp8\"},{\"type\":\"data\",\"active\":true,\"mindex\":2,"
                + "\"mid\":\"2\",\"ready\":false,\"send\":true,\"sources\":1,\"source_ids\":[\"alice\"]}]");
        String offer = attached.get(0).jsep().get("sdp").asText();
        assertThat(attached.get(0).jsep().get("type").asText()).isEqualTo("offer");
        assertThat(FakeMedia.mlines(offer)).hasSize(3);

        // Before the answer an update is postponed ("updating"), then sent with the answer's start.
        List<FakeHandle.Pushed> updating = h.async(sub, "tx-upd",
                "{'request':'update','subscribe':[{'feed':'alice','mid':'2'}]}", null);
        assertThat(updating.get(0).data()).isEqualTo(Harness.json("{'videoroom':'updating','room':'conf'}"));
        String answer = "v=0\r\nm=audio 9 X\r\na=mid:0\r\na=recvonly\r\nm=video 9 X\r\na=mid:1\r\na=recvonly\r\n"
                + "m=application 9 X\r\na=mid:2\r\n";
        List<FakeHandle.Pushed> started = h.async(sub, "tx-start", "{'request':'start'}", Harness.jsep("answer", answer));
        assertThat(started).hasSize(2);
        assertThat(started.get(0).data()).isEqualTo(Harness.json("{'videoroom':'event','room':'conf','started':'ok'}"));
        assertThat(started.get(0).transaction()).isEqualTo("tx-start");
        ObjectNode updated = started.get(1).data();
        assertThat(updated.get("videoroom").asText()).isEqualTo("updated");
        assertThat(started.get(1).transaction()).isNull();
        assertThat(updated.get("streams")).hasSize(4);
        assertThat(updated.get("streams").get(3).get("feed_mid").asText()).isEqualTo("2");
        assertThat(updated.get("streams").get(0).get("ready").asBoolean()).isTrue();
        assertThat(FakeMedia.mlines(started.get(1).jsep().get("sdp").asText())).hasSize(4);

        // Answer the renegotiation, then switch the big m-line to the small stream and back.
        h.async(sub, "tx-start2", "{'request':'start'}", Harness.jsep("answer",
                answer + "m=video 9 X\r\na=mid:3\r\na=recvonly\r\n"));
        ObjectNode switched = h.asyncData(sub,
                "{'request':'switch','streams':[{'feed':'alice','mid':'2','sub_mid':'1'}]}");
        assertThat(switched.get("switched").asText()).isEqualTo("ok");
        assertThat(switched.get("changes").asInt()).isEqualTo(1);
        assertThat(switched.get("streams").get(1).get("feed_mid").asText()).isEqualTo("2");
        assertThat(h.media.calls).contains("keyframe " + alice.handleId() + " 2");
        ObjectNode again = h.asyncData(sub, "{'request':'switch','streams':[{'feed':'alice','mid':'2','sub_mid':'1'}]}");
        assertThat(again.get("changes").asInt()).as("already fed by that mid").isZero();
        ObjectNode noMid = h.asyncData(sub, "{'request':'switch','streams':[{'feed':'alice','mid':'9','sub_mid':'1'}]}");
        assertThat(noMid).isEqualTo(Harness.json("{'videoroom':'event','error_code':428,'error':'No such mid \\u00279\\u0027 in feed (alice)'}"));

        // Pause, configure a stream off, start again.
        assertThat(h.asyncData(sub, "{'request':'pause'}"))
                .isEqualTo(Harness.json("{'videoroom':'event','room':'conf','paused':'ok'}"));
        assertThat(h.media.calls.get(h.media.calls.size() - 1)).endsWith("paused");
        assertThat(h.asyncData(sub, "{'request':'configure','streams':[{'mid':'3','send':false}]}"))
                .isEqualTo(Harness.json("{'videoroom':'event','room':'conf','configured':'ok'}"));
        List<io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.SubscribedStream> last =
                h.media.subscriberUpdates.get(h.media.subscriberUpdates.size() - 1);
        assertThat(last.get(3).send()).isFalse();
        assertThat(last.get(1).send()).isTrue();
        assertThat(h.asyncData(sub, "{'request':'configure','mid':'7','send':true}").get("error_code").asInt())
                .isEqualTo(428);
        assertThat(h.asyncData(sub, "{'request':'start'}").get("started").asText()).isEqualTo("ok");

        // Unsubscribe the small stream by sub_mid: a new offer with it removed.
        List<FakeHandle.Pushed> unsub = h.async(sub, "tx-uns", "{'request':'unsubscribe','streams':[{'sub_mid':'3'}]}",
                null);
        assertThat(unsub.get(0).data().get("streams").get(3).get("active").asBoolean()).isFalse();
        assertThat(unsub.get(0).jsep()).isNotNull();

        // Alice unpublishes: Bob hears "unpublished"; the subscriber's lines go inactive, and
        // since the last offer is unanswered the new offer waits for the answer.
        assertThat(h.asyncData(alice, "{'request':'unpublish'}").get("unpublished").asText()).isEqualTo("ok");
        assertThat(bob.drainData()).containsExactly(Harness.json("{'videoroom':'event','room':'conf','unpublished':'alice'}"));
        assertThat(h.media.calls).contains("closePublisher " + alice.handleId());
        List<FakeHandle.Pushed> afterAnswer = h.async(sub, "tx-a3", "{'request':'start'}",
                Harness.jsep("answer", answer));
        assertThat(afterAnswer).hasSize(2);
        assertThat(afterAnswer.get(1).data().get("streams").get(0).get("active").asBoolean()).isFalse();
        assertThat(h.asyncData(sub, "{'request':'leave'}")).isEqualTo(Harness.json("{'videoroom':'event','room':'conf','left':'ok'}"));
        assertThat(h.media.calls).contains("closeSubscriber " + sub.handleId());
    }

    @Test
    void legacyFeedSubscriptionIsDeprecatedButWorks() {
        publishAlice();
        FakeHandle sub = h.attach(20);
        List<FakeHandle.Pushed> attached = h.async(sub, "tx", "{'request':'join','ptype':'subscriber','room':'conf',"
                + "'feed':'alice','offer_data':false}", null);
        ObjectNode ev = attached.get(0).data();
        assertThat(ev.get("warning").asText()).isEqualTo("deprecated_api");
        assertThat(ev.get("id").asText()).isEqualTo("alice");
        assertThat(ev.get("display").asText()).isEqualTo("Alice");
        assertThat(ev.get("streams")).hasSize(3);
    }

    @Test
    void publisherErrorsAndControls() {
        publishAlice();
        bob.drain();
        List<FakeHandle.Pushed> again = h.async(alice, "tx", "{'request':'publish'}", Harness.jsep("offer", OFFER));
        assertThat(again.get(0).data().get("error_code").asInt()).isEqualTo(434);
        ObjectNode moderated = h.sync(admin, "{'request':'moderate','room':'conf','id':'alice','mid':'1','mute':true}");
        assertThat(moderated).isEqualTo(Harness.json("{'videoroom':'success'}"));
        assertThat(bob.drainData()).containsExactly(Harness.json(
                "{'videoroom':'event','room':'conf','id':'alice','mid':'1','moderation':'muted'}"));
        assertThat(alice.drainData()).hasSize(1);
        assertThat(h.media.publisherUpdates.get(0).get(1).muted()).isTrue();
        assertThat(h.sync(admin, "{'request':'moderate','room':'conf','id':'alice','mid':'9','mute':true}")
                .get("error").asText()).isEqualTo("No such stream 9");
        ObjectNode configured = h.asyncData(alice, "{'request':'configure','streams':[{'mid':'2','send':false,'keyframe':true}]}");
        assertThat(configured.get("configured").asText()).isEqualTo("ok");
        assertThat(h.media.publisherUpdates.get(1).get(2).active()).isFalse();
        // Renegotiation (JSEP update) re-announces the publisher.
        bob.drain();
        ObjectNode update = Harness.jsep("offer", OFFER);
        update.put("update", true);
        List<FakeHandle.Pushed> reneg = h.async(alice, "tx", "{'request':'configure'}", update);
        assertThat(reneg.get(0).data().get("streams")).hasSize(4);
        assertThat(bob.drainData()).hasSize(1);
        // An unparsable offer is error 437, a subscriber offer is 431.
        FakeHandle dave = h.attach(40);
        h.asyncData(dave, "{'request':'join','ptype':'publisher','room':'conf','id':'dave'}");
        List<FakeHandle.Pushed> bad = h.async(dave, "tx", "{'request':'publish'}", Harness.jsep("offer", "garbage"));
        assertThat(bad.get(0).data()).isEqualTo(Harness.json(
                "{'videoroom':'event','error_code':437,'error':'Error parsing offer: not an SDP (no v=0 line)'}"));
        List<FakeHandle.Pushed> wrongCodec = h.async(dave, "tx", "{'request':'publish','videocodec':'vp9'}",
                Harness.jsep("offer", OFFER));
        assertThat(wrongCodec.get(0).data().get("error").asText()).isEqualTo("Video codec unavailable in this room");
    }

    @Test
    void publishersFullCountsOnlyActivePublishers() {
        h.sync(admin, "{'request':'create','room':'small','publishers':1}");
        FakeHandle a = h.attach(50);
        FakeHandle b = h.attach(51);
        h.asyncData(a, "{'request':'join','ptype':'publisher','room':'small','id':'a'}");
        h.asyncData(b, "{'request':'join','ptype':'publisher','room':'small','id':'b'}");
        assertThat(h.async(a, "tx", "{'request':'publish'}", Harness.jsep("offer", OFFER)).get(0).jsep()).isNotNull();
        // Not yet up: b may still publish, as Janus only counts started publishers.
        h.plugin.setupMedia(a);
        assertThat(b.drainData()).hasSize(1);
        List<FakeHandle.Pushed> full = h.async(b, "tx", "{'request':'publish'}", Harness.jsep("offer", OFFER));
        assertThat(full.get(0).data()).isEqualTo(Harness.json(
                "{'videoroom':'event','error_code':432,'error':'Maximum number of publishers (1) already reached'}"));
    }

    @Test
    void unavailableMediaAnswersWithAClearError() {
        Harness prod = new Harness(VideoRoomSettings.defaults(), new UnavailableVideoRoomMedia());
        FakeHandle adm = prod.attach(1);
        prod.sync(adm, "{'request':'create','room':'r'}");
        FakeHandle pub = prod.attach(2);
        List<FakeHandle.Pushed> r = prod.async(pub, "tx", "{'request':'joinandconfigure','ptype':'publisher','room':'r',"
                + "'id':'p'}", Harness.jsep("offer", OFFER));
        assertThat(r).hasSize(1);
        assertThat(r.get(0).jsep()).isNull();
        assertThat(r.get(0).data()).isEqualTo(Harness.json("{'videoroom':'event','error_code':499,"
                + "'error':'WebRTC media is not available yet in this build (issue #3)'}"));
        // The participant did join; publishing simply failed, as in Janus when negotiation fails.
        assertThat(prod.sync(adm, "{'request':'listparticipants','room':'r'}").get("participants")).hasSize(1);
    }
}
