package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wildfire-specific behaviour: empty-room removal, pb_message/combine_session, permanent rooms. */
class VideoRoomScenarioTest {

    @Test
    void roomIsRemovedWithoutDestroyedEventWhenLastParticipantLeaves() {
        Harness h = new Harness();
        FakeHandle admin = h.attach(1);
        h.sync(admin, "{'request':'create','room':'call|123'}");
        FakeHandle a = h.attach(2);
        FakeHandle b = h.attach(3);
        h.asyncData(a, "{'request':'join','ptype':'publisher','room':'call|123','id':'a'}");
        h.asyncData(b, "{'request':'join','ptype':'publisher','room':'call|123','id':'b'}");
        assertThat(h.asyncData(a, "{'request':'leave'}").get("leaving").asText()).isEqualTo("ok");
        assertThat(b.drainData()).containsExactly(Harness.json("{'videoroom':'event','room':'call|123','leaving':'a'}"));
        assertThat(h.plugin.roomIds()).containsExactly("call|123");
        // The last participant (never published) detaches: "unpublished" is not seen by anyone,
        // and the room disappears without any "destroyed" event.
        h.plugin.destroySession(b);
        assertThat(h.plugin.roomIds()).isEmpty();
        assertThat(a.drain()).isEmpty();
        assertThat(h.listenerCalls).containsExactly("removed call|123");
        assertThat(h.sync(admin, "{'request':'exists','room':'call|123'}").get("exists").asBoolean()).isFalse();
        // The id is free again, as the IM re-creates rooms on demand.
        assertThat(h.sync(admin, "{'request':'create','room':'call|123'}").get("videoroom").asText()).isEqualTo("created");
    }

    @Test
    void kickingTheLastParticipantRemovesTheRoomToo() {
        Harness h = new Harness();
        FakeHandle admin = h.attach(1);
        h.sync(admin, "{'request':'create','room':'r','secret':'s'}");
        FakeHandle a = h.attach(2);
        h.asyncData(a, "{'request':'join','ptype':'publisher','room':'r','id':'a'}");
        h.sync(admin, "{'request':'kick','room':'r','secret':'s','id':'a'}");
        assertThat(h.plugin.roomIds()).isEmpty();
        assertThat(a.drainData()).containsExactly(Harness.json("{'videoroom':'event','room':'r','leaving':'ok','reason':'kicked'}"));
    }

    @Test
    void pbMessageRoomCombinesNotificationsIntoOneEvent() {
        Harness h = new Harness();
        FakeHandle admin = h.attach(1);
        ObjectNode created = h.sync(admin, "{'request':'create','room':'pb','pb_message':true,'notify_joining':true}");
        assertThat(created).isEqualTo(Harness.json("{'videoroom':'created','room':'pb','permanent':false,'pb_message':true}"));
        assertThat(h.listenerCalls).containsExactly("pb pb");
        FakeHandle a = h.attach(11);
        FakeHandle b = h.attach(12);
        FakeHandle bScreen = h.attach(12);
        FakeHandle c = h.attach(13);
        h.asyncData(a, "{'request':'join','ptype':'publisher','room':'pb','id':'a'}");
        h.asyncData(b, "{'request':'join','ptype':'publisher','room':'pb','id':'b'}");
        h.asyncData(bScreen, "{'request':'join','ptype':'publisher','room':'pb','id':'screen_sharing_b'}");
        a.drain();
        b.drain();
        h.asyncData(c, "{'request':'join','ptype':'publisher','room':'pb','id':'c'}");
        // One event, through the first participant's handle, naming every session once.
        assertThat(a.drainData().toString()).isEqualTo(List.of(Harness.json(
                "{'videoroom':'event','room':'pb','joining':{'id':'c'},'combine_session':[11,12]}")).toString());
        assertThat(b.drain()).isEmpty();
        assertThat(bScreen.drain()).isEmpty();
        // If the first handle cannot push, the second one carries the event; then the third.
        a.failPushes = true;
        b.alive = false;
        h.asyncData(c, "{'request':'leave'}");
        assertThat(bScreen.drainData().toString()).isEqualTo(List.of(Harness.json(
                "{'videoroom':'event','room':'pb','leaving':'c','combine_session':[11,12]}")).toString());
        // Rooms from the config file read pb_message but never flip the process switch.
        RoomSettings fromConfig = RoomSettings.builder("static").pbMessage(true).build();
        Harness h2 = new Harness(new VideoRoomSettings(null, false, true, true, List.of(fromConfig)));
        assertThat(h2.listenerCalls).isEmpty();
    }

    @Test
    void permanentRoomsGoToTheStoreAndFailuresAnswerPermanentFalse() {
        Harness h = new Harness();
        FakeHandle admin = h.attach(1);
        assertThat(h.sync(admin, "{'request':'create','room':'keep','permanent':true,'secret':'s','allowed':['t1']}")
                .get("permanent").asBoolean()).isTrue();
        assertThat(h.store.rooms().get("keep").allowed()).containsExactly("t1");
        h.sync(admin, "{'request':'edit','room':'keep','secret':'s','new_description':'Kept','permanent':true}");
        assertThat(h.store.rooms().get("keep").description()).isEqualTo("Kept");
        h.store.failing(true);
        assertThat(h.sync(admin, "{'request':'edit','room':'keep','secret':'s','new_pin':'1','permanent':true}"))
                .isEqualTo(Harness.json("{'videoroom':'edited','room':'keep','permanent':false}"));
        assertThat(h.sync(admin, "{'request':'destroy','room':'keep','secret':'s','permanent':true}"))
                .isEqualTo(Harness.json("{'videoroom':'destroyed','room':'keep','permanent':false}"));
        h.store.failing(false);
        h.sync(admin, "{'request':'create','room':'gone','permanent':true}");
        h.sync(admin, "{'request':'destroy','room':'gone','permanent':true}");
        assertThat(h.store.rooms()).containsOnlyKeys("keep");
        // Without a store ("no configuration file") Janus refuses permanent changes with 499.
        VideoRoomPlugin noStore = new VideoRoomPlugin(VideoRoomSettings.defaults(), new FakeMedia(), null,
                VideoRoomListener.NONE, Runnable::run);
        FakeHandle x = new FakeHandle(1, 1);
        try {
            noStore.createSession(x);
        } catch (io.github.wildfiresfu.janus.JanusException e) {
            throw new AssertionError(e);
        }
        io.github.wildfiresfu.janus.PluginResult r = noStore.handleMessage(x, "t",
                Harness.json("{'request':'create','room':'p','permanent':true}"), null);
        assertThat(((io.github.wildfiresfu.janus.PluginResult.Sync) r).data()).isEqualTo(Harness.json(
                "{'videoroom':'event','error_code':499,'error':'No configuration file, can\\u0027t create permanent room'}"));
    }

    @Test
    void adminKeyGuardsCreateAndShowsPrivateRooms() {
        Harness h = new Harness(new VideoRoomSettings("k", true, true, true, List.of()));
        FakeHandle admin = h.attach(1);
        assertThat(h.sync(admin, "{'request':'create','room':'x'}")).isEqualTo(Harness.json(
                "{'videoroom':'event','error_code':429,'error':'Missing mandatory element (admin_key)'}"));
        assertThat(h.sync(admin, "{'request':'create','room':'x','admin_key':'bad'}").get("error_code").asInt())
                .isEqualTo(433);
        h.sync(admin, "{'request':'create','room':'x','admin_key':'k','is_private':true}");
        assertThat(h.sync(admin, "{'request':'list'}").get("list")).isEmpty();
        assertThat(h.sync(admin, "{'request':'list','admin_key':'k'}").get("list")).hasSize(1);
        assertThat(h.sync(admin, "{'request':'list','admin_key':'no'}").get("error_code").asInt()).isEqualTo(433);
        FakeHandle p = h.attach(2);
        h.asyncData(p, "{'request':'join','ptype':'publisher','room':'x','id':'p'}");
        assertThat(h.sync(admin, "{'request':'rtp_forward','room':'x','publisher_id':'p','host':'127.0.0.1'}"))
                .isEqualTo(Harness.json("{'videoroom':'event','error_code':429,'error':'Missing mandatory element (admin_key)'}"));
        assertThat(h.sync(admin, "{'request':'rtp_forward','room':'x','publisher_id':'p','host':'127.0.0.1','admin_key':'k'}"))
                .isEqualTo(Harness.json("{'videoroom':'event','error_code':499,'error':'RTP forwarding is not implemented yet in this build'}"));
    }

    @Test
    void aclAndPrivateIdRules() {
        Harness h = new Harness();
        FakeHandle admin = h.attach(1);
        h.sync(admin, "{'request':'create','room':'acl','allowed':['tok'],'require_pvtid':true,'secret':'s'}");
        FakeHandle p = h.attach(2);
        assertThat(h.asyncData(p, "{'request':'join','ptype':'publisher','room':'acl','id':'p'}")).isEqualTo(Harness.json(
                "{'videoroom':'event','error_code':433,'error':'Unauthorized (not in the allowed list)'}"));
        ObjectNode joined = h.asyncData(p, "{'request':'join','ptype':'publisher','room':'acl','id':'p','token':'tok'}");
        assertThat(joined.get("videoroom").asText()).isEqualTo("joined");
        h.sync(admin, "{'request':'enable_recording','room':'acl','secret':'s','record':true}");
        assertThat(h.listenerCalls).containsExactly("record acl true");
        assertThat(h.plugin.room("acl").record()).isTrue();
    }
}
