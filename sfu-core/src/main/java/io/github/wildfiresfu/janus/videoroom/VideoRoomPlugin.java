package io.github.wildfiresfu.janus.videoroom;

import static io.github.wildfiresfu.janus.videoroom.JsonParams.Type.ARRAY;
import static io.github.wildfiresfu.janus.videoroom.JsonParams.Type.BOOLEAN;
import static io.github.wildfiresfu.janus.videoroom.JsonParams.Type.STRING;
import static io.github.wildfiresfu.janus.videoroom.JsonParams.opt;
import static io.github.wildfiresfu.janus.videoroom.JsonParams.optPositive;
import static io.github.wildfiresfu.janus.videoroom.JsonParams.req;
import static io.github.wildfiresfu.janus.videoroom.JsonParams.reqPositive;
import static io.github.wildfiresfu.janus.videoroom.VideoRoomJson.error;
import static io.github.wildfiresfu.janus.videoroom.VideoRoomJson.event;
import static io.github.wildfiresfu.janus.videoroom.VideoRoomJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusErrorCode;
import io.github.wildfiresfu.janus.JanusException;
import io.github.wildfiresfu.janus.JanusPlugin;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.PluginHandle;
import io.github.wildfiresfu.janus.PluginResult;
import io.github.wildfiresfu.janus.videoroom.JsonParams.Param;
import io.github.wildfiresfu.janus.videoroom.VideoRoomJson.StreamView;
import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.MediaType;
import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.PublishedStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;

/**
 * The VideoRoom plugin ({@code janus.plugin.videoroom}) with the semantics of Janus 1.1.2 and
 * string ids always on, plus the Wildfire fork's changes (wildfire-protocol.md §2): streams in
 * {@code listparticipants}, {@code pb_message} rooms with {@code combine_session} fan-out, and
 * removal of empty rooms.
 *
 * <p><b>Threading.</b> The Janus core calls every {@link JanusPlugin} method on its single
 * signalling thread, and {@code deferred} runs on that same thread, so all plugin state (rooms,
 * participants, subscriptions) is confined to it and needs no locks. Asynchronous requests
 * ({@code join}, {@code configure}, ...) are handed to {@code deferred} so that the core's
 * {@code ack} reaches the client before the {@code event}, as with Janus's handler thread.
 *
 * <p><b>Media.</b> SDP comes only from the {@link VideoRoomMedia} port; when it fails, the client
 * gets a VideoRoom error, never invented SDP. A publisher is announced to the room when the core
 * reports its PeerConnection up ({@link #setupMedia}).
 */
public final class VideoRoomPlugin implements JanusPlugin {

    /** Package name clients attach to. */
    public static final String PACKAGE = "janus.plugin.videoroom";

    private static final System.Logger LOG = System.getLogger(VideoRoomPlugin.class.getName());

    private static final Set<String> ASYNC_REQUESTS = Set.of("join", "joinandconfigure", "update", "configure",
            "publish", "unpublish", "start", "pause", "switch", "subscribe", "unsubscribe", "leave");

    // Parameter tables of janus_videoroom.c 1.1.2, string-id variants.
    private static final Param[] CREATE_PARAMS = {
        opt("description", STRING), opt("is_private", BOOLEAN), opt("allowed", ARRAY), opt("secret", STRING),
        opt("pin", STRING), opt("require_pvtid", BOOLEAN), opt("signed_tokens", BOOLEAN), optPositive("bitrate"),
        opt("bitrate_cap", BOOLEAN), optPositive("fir_freq"), optPositive("publishers"), opt("audiocodec", STRING),
        opt("videocodec", STRING), opt("vp9_profile", STRING), opt("h264_profile", STRING), opt("opus_fec", BOOLEAN),
        opt("opus_dtx", BOOLEAN), opt("video_svc", BOOLEAN), opt("audiolevel_ext", BOOLEAN),
        opt("audiolevel_event", BOOLEAN), optPositive("audio_active_packets"), optPositive("audio_level_average"),
        opt("videoorient_ext", BOOLEAN), opt("playoutdelay_ext", BOOLEAN), opt("transport_wide_cc_ext", BOOLEAN),
        opt("record", BOOLEAN), opt("rec_dir", STRING), opt("lock_record", BOOLEAN), opt("permanent", BOOLEAN),
        opt("notify_joining", BOOLEAN), opt("require_e2ee", BOOLEAN), opt("dummy_publisher", BOOLEAN),
        opt("dummy_streams", ARRAY),
        // Wildfire fork (wildfire-protocol.md §2 item 3) and newer Janus.
        opt("pb_message", BOOLEAN), optPositive("threads")
    };
    private static final Param[] EDIT_PARAMS = {
        opt("secret", STRING), opt("new_description", STRING), opt("new_is_private", BOOLEAN),
        opt("new_secret", STRING), opt("new_pin", STRING), opt("new_require_pvtid", BOOLEAN),
        optPositive("new_bitrate"), optPositive("new_fir_freq"), optPositive("new_publishers"),
        opt("new_lock_record", BOOLEAN), opt("new_rec_dir", STRING), opt("permanent", BOOLEAN)
    };
    private static final Param ROOM = req("room", STRING);
    private static final Param ROOM_OPT = opt("room", STRING);
    private static final Param ID = req("id", STRING);
    private static final Param ID_OPT = opt("id", STRING);
    private static final Param FEED = req("feed", STRING);
    private static final Param FEED_OPT = opt("feed", STRING);
    private static final Param PUBLISHER_ID = req("publisher_id", STRING);
    private static final Param[] JOIN_PARAMS = {
        req("ptype", STRING), opt("audio", BOOLEAN), opt("video", BOOLEAN), opt("data", BOOLEAN),
        optPositive("bitrate"), opt("record", BOOLEAN), opt("filename", STRING), opt("token", STRING)
    };
    private static final Param[] PUBLISH_PARAMS = {
        opt("descriptions", ARRAY), opt("audiocodec", STRING), opt("videocodec", STRING), optPositive("bitrate"),
        opt("keyframe", BOOLEAN), opt("record", BOOLEAN), opt("filename", STRING), opt("display", STRING),
        opt("secret", STRING), optPositive("audio_level_averge"), optPositive("audio_active_packets"),
        opt("audio", BOOLEAN), opt("video", BOOLEAN), opt("data", BOOLEAN), opt("update", BOOLEAN),
        opt("restart", BOOLEAN)
    };
    private static final Param[] PUBLISH_STREAM_PARAMS = {
        opt("mid", STRING), opt("send", BOOLEAN), opt("min_delay", JsonParams.Type.INTEGER),
        opt("max_delay", JsonParams.Type.INTEGER)
    };
    private static final Param[] PUBLISH_DESC_PARAMS = {req("mid", STRING), req("description", STRING)};
    private static final Param[] SUBSCRIBER_PARAMS = {
        opt("streams", ARRAY), optPositive("private_id"), opt("autoupdate", BOOLEAN), opt("audio", BOOLEAN),
        opt("video", BOOLEAN), opt("data", BOOLEAN), opt("offer_audio", BOOLEAN), opt("offer_video", BOOLEAN),
        opt("offer_data", BOOLEAN), optPositive("substream"), optPositive("temporal"), optPositive("fallback"),
        optPositive("spatial_layer"), optPositive("temporal_layer")
    };
    private static final Param[] SUBSCRIBER_STREAM_PARAMS = {
        opt("mid", STRING), opt("crossrefid", STRING), opt("send", BOOLEAN), optPositive("substream"),
        optPositive("temporal"), optPositive("spatial_layer"), optPositive("temporal_layer"),
        opt("min_delay", JsonParams.Type.INTEGER), opt("max_delay", JsonParams.Type.INTEGER)
    };
    private static final Param[] CONFIGURE_PARAMS = {
        opt("streams", ARRAY), opt("update", BOOLEAN), opt("restart", BOOLEAN), opt("audio", BOOLEAN),
        opt("video", BOOLEAN), opt("data", BOOLEAN)
    };
    private static final Param[] CONFIGURE_STREAM_PARAMS = {
        opt("mid", STRING), opt("send", BOOLEAN), optPositive("audio_level_averge"),
        optPositive("audio_active_packets"), optPositive("substream"), optPositive("temporal"),
        optPositive("fallback"), optPositive("spatial_layer"), optPositive("temporal_layer"),
        opt("min_delay", JsonParams.Type.INTEGER), opt("max_delay", JsonParams.Type.INTEGER)
    };
    private static final Param[] SUBSCRIBER_REMOVE_PARAMS = {opt("mid", STRING), opt("sub_mid", STRING)};
    private static final Param[] SWITCH_UPDATE_PARAMS = {req("mid", STRING), req("sub_mid", STRING)};

    private final VideoRoomSettings settings;
    private final VideoRoomMedia media;
    private final RoomConfigStore store;
    private final VideoRoomListener listener;
    private final Executor deferred;
    private final RandomGenerator random;

    /** Rooms by id, in creation order. Signalling thread only. */
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    /** Plugin state of every attached handle, by handle id. Signalling thread only. */
    private final Map<Long, HandleSession> sessions = new HashMap<>();

    /**
     * @param settings plugin settings and static rooms
     * @param media    the media port ({@link UnavailableVideoRoomMedia} until issue #3)
     * @param store    where permanent rooms go; null means "no configuration file": then
     *                 {@code permanent: true} fails with 499 as in Janus
     * @param listener callbacks (PB switch, recording, room removal)
     * @param deferred runs asynchronous requests later <em>on the signalling thread</em>, after
     *                 the core sent its {@code ack} (the core's signalling executor)
     * @param random   source of room/user ids and private ids (inject a seeded one in tests)
     */
    public VideoRoomPlugin(VideoRoomSettings settings, VideoRoomMedia media, RoomConfigStore store,
            VideoRoomListener listener, Executor deferred, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.media = Objects.requireNonNull(media, "media");
        this.store = store;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.deferred = Objects.requireNonNull(deferred, "deferred");
        this.random = Objects.requireNonNull(random, "random");
        for (RoomSettings r : settings.rooms()) {
            // Static rooms never have an ACL in Janus (check_allowed = FALSE).
            rooms.put(r.room(), new Room(r.toBuilder().allowed(null).build()));
        }
        // Layer changes come from media threads: hop to the signalling thread like a request.
        media.setSimulcastListener(new VideoRoomMedia.SimulcastListener() {
            @Override
            public void onSubstream(long subscriberHandleId, String mid, int substream) {
                onSignallingThread(() -> simulcastLayerChanged(subscriberHandleId, mid, substream, -1));
            }

            @Override
            public void onTemporal(long subscriberHandleId, String mid, int temporal) {
                onSignallingThread(() -> simulcastLayerChanged(subscriberHandleId, mid, -1, temporal));
            }
        });
    }

    /** Runs a media thread's news on the signalling thread; during shutdown it has nobody to go to. */
    private void onSignallingThread(Runnable task) {
        try {
            deferred.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Simulcast event after shutdown dropped");
        }
    }

    /**
     * The media engine switched a subscriber stream's simulcast substream or temporal layer: the
     * stream's {@code simulcast} summary follows it, and the subscriber gets Janus's notification
     * ({@code janus_videoroom_relay_rtp_packet}): {@code {"videoroom":"event","room","mid",
     * "substream":N}}, or {@code "temporal":N} instead, one event per change.
     */
    private void simulcastLayerChanged(long handleId, String mid, int substream, int temporal) {
        HandleSession session = sessions.get(handleId);
        if (session == null || session.destroyed || session.subscriber == null) {
            return;
        }
        Subscriber subscriber = session.subscriber;
        SubscriberStream stream = subscriber.streamByMid(mid);
        if (stream == null) {
            return;
        }
        ObjectNode event = event(subscriber.room.id());
        event.put("mid", mid);
        if (substream >= 0) {
            stream.substream = substream;
            event.put("substream", substream);
        } else {
            stream.temporal = temporal;
            event.put("temporal", temporal);
        }
        push(session, null, event, null);
    }

    /** As the full constructor, with a {@link SecureRandom} for ids. */
    public VideoRoomPlugin(VideoRoomSettings settings, VideoRoomMedia media, RoomConfigStore store,
            VideoRoomListener listener, Executor deferred) {
        this(settings, media, store, listener, deferred, new SecureRandom());
    }

    @Override
    public String packageName() {
        return PACKAGE;
    }

    @Override
    public String name() {
        return "JANUS VideoRoom plugin";
    }

    @Override
    public String description() {
        return "This is a plugin implementing a videoconferencing SFU (Selective Forwarding Unit) for Janus, "
                + "that is an audio/video router.";
    }

    @Override
    public String author() {
        return "Wildfire SFU";
    }

    @Override
    public int version() {
        return 9;
    }

    @Override
    public String versionString() {
        return "0.0.9";
    }

    /** The ids of the live rooms, in creation order (for diagnostics and tests). */
    public List<String> roomIds() {
        return List.copyOf(rooms.keySet());
    }

    /** The current settings of a live room, or null. */
    public RoomSettings room(String roomId) {
        Room r = rooms.get(roomId);
        return r == null ? null : r.snapshot();
    }

    // ------------------------------------------------------------------ handle lifecycle

    @Override
    public void createSession(PluginHandle handle) throws JanusException {
        if (sessions.containsKey(handle.handleId())) {
            throw new JanusException(JanusErrorCode.PLUGIN_ATTACH, "Handle already attached to the VideoRoom");
        }
        HandleSession s = new HandleSession(handle);
        sessions.put(handle.handleId(), s);
        handle.pluginData(s);
    }

    @Override
    public PluginResult handleMessage(PluginHandle handle, String transaction, ObjectNode body, ObjectNode jsep) {
        HandleSession session = sessions.get(handle.handleId());
        if (session == null) {
            return PluginResult.sync(error(new VideoRoomException(VideoRoomError.UNKNOWN_ERROR,
                    "No session associated with this handle...")));
        }
        if (session.destroyed) {
            return PluginResult.sync(error(new VideoRoomException(VideoRoomError.UNKNOWN_ERROR,
                    "Session has already been marked as destroyed...")));
        }
        try {
            if (body == null) {
                throw new VideoRoomException(VideoRoomError.NO_MESSAGE, "No message??");
            }
            JsonParams.validate(body, req("request", STRING));
            String request = body.get("request").asText().toLowerCase(Locale.ROOT);
            ObjectNode response = processSynchronous(request, body);
            if (response != null) {
                return PluginResult.sync(response);
            }
            if (ASYNC_REQUESTS.contains(request)) {
                ObjectNode message = body.deepCopy();
                ObjectNode sdp = jsep == null ? null : jsep.deepCopy();
                deferred.execute(() -> handleAsync(session, transaction, request, message, sdp));
                return PluginResult.async();
            }
            throw new VideoRoomException(VideoRoomError.INVALID_REQUEST,
                    "Unknown request '" + body.get("request").asText() + "'");
        } catch (VideoRoomException e) {
            return PluginResult.sync(error(e));
        }
    }

    @Override
    public void setupMedia(PluginHandle handle) {
        HandleSession session = sessions.get(handle.handleId());
        if (session == null || session.destroyed) {
            return;
        }
        session.hangingUp = false;
        session.started = true;
        if (session.kind == HandleSession.Kind.PUBLISHER && session.publisher != null) {
            Publisher p = session.publisher;
            notifyAboutPublisher(p);
            if ((p.room != null && p.room.settings.record()) || p.recordingActive) {
                p.recordingActive = true;
            }
        } else if (session.kind == HandleSession.Kind.SUBSCRIBER && session.subscriber != null) {
            for (SubscriberStream ss : session.subscriber.streams) {
                PublisherStream ps = ss.source();
                if (ps != null && ps.type == MediaType.VIDEO) {
                    media.requestKeyframe(ps.publisher.session.handle.handleId(), ps.mid);
                }
            }
        }
    }

    @Override
    public void hangupMedia(PluginHandle handle) {
        HandleSession session = sessions.get(handle.handleId());
        if (session == null || session.destroyed) {
            return;
        }
        hangupInternal(session);
    }

    @Override
    public void destroySession(PluginHandle handle) {
        HandleSession session = sessions.remove(handle.handleId());
        if (session == null || session.destroyed) {
            return;
        }
        // janus_videoroom_destroy_session: tear down media first, then leave.
        hangupInternal(session);
        session.destroyed = true;
        if (session.kind == HandleSession.Kind.PUBLISHER && session.publisher != null) {
            Publisher p = session.publisher;
            session.publisher = null;
            if (p.room != null) {
                leaveOrUnpublish(p, true, false);
            }
        } else if (session.kind == HandleSession.Kind.SUBSCRIBER && session.subscriber != null) {
            Subscriber s = session.subscriber;
            session.subscriber = null;
            if (s.privateId > 0) {
                Publisher owner = s.room.privateIds.get(s.privateId);
                if (owner != null) {
                    owner.subscriptions.remove(s);
                }
            }
        }
        handle.pluginData(null);
    }

    @Override
    public void destroy() {
        rooms.clear();
        sessions.clear();
    }

    // ------------------------------------------------------------------ synchronous requests

    /** {@code janus_videoroom_process_synchronous_request}: returns null for non-sync requests. */
    private ObjectNode processSynchronous(String request, ObjectNode root) throws VideoRoomException {
        return switch (request) {
            case "create" -> create(root);
            case "edit" -> edit(root);
            case "destroy" -> destroyRoom(root);
            case "list" -> list(root);
            case "rtp_forward" -> rtpForward(root);
            case "stop_rtp_forward" -> stopRtpForward(root);
            case "exists" -> exists(root);
            case "allowed" -> allowed(root);
            case "kick" -> kick(root);
            case "moderate" -> moderate(root);
            case "listparticipants" -> listParticipants(root);
            case "listforwarders" -> listForwarders(root);
            case "enable_recording" -> enableRecording(root);
            case "publish_remotely", "unpublish_remotely", "listremotes", "add_remote_publisher",
                    "update_remote_publisher", "remove_remote_publisher" -> throw new VideoRoomException(
                            VideoRoomError.UNKNOWN_ERROR, "Remote publishers are not implemented yet in this build");
            default -> null;
        };
    }

    private ObjectNode create(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, CREATE_PARAMS);
        JsonParams.validate(root, ROOM_OPT);
        if (settings.adminKey() != null) {
            JsonParams.validate(root, req("admin_key", STRING));
            JsonParams.checkSecret(settings.adminKey(), root, "admin_key");
        }
        List<String> audioCodecs = null;
        if (JsonParams.has(root, "audiocodec")) {
            audioCodecs = Codecs.parse(JsonParams.text(root, "audiocodec"), Codecs.AUDIO);
            if (audioCodecs == null) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid element (audiocodec can only be or contain opus, isac32, isac16, pcmu, pcma or g722)");
            }
        }
        List<String> videoCodecs = null;
        if (JsonParams.has(root, "videocodec")) {
            videoCodecs = Codecs.parse(JsonParams.text(root, "videocodec"), Codecs.VIDEO);
            if (videoCodecs == null) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid element (videocodec can only be or contain vp8, vp9, av1, h264 or h265)");
            }
        }
        List<String> allowedTokens = null;
        if (JsonParams.has(root, "allowed")) {
            allowedTokens = new ArrayList<>();
            for (JsonNode a : root.get("allowed")) {
                if (!a.isTextual()) {
                    throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                            "Invalid element in the allowed array (not a string)");
                }
                if (!allowedTokens.contains(a.asText())) {
                    allowedTokens.add(a.asText());
                }
            }
        }
        boolean save = JsonParams.isTrue(root, "permanent");
        if (save && store == null) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR,
                    "No configuration file, can't create permanent room");
        }
        String roomId = JsonParams.text(root, "room");
        if (roomId != null && rooms.containsKey(roomId)) {
            throw new VideoRoomException(VideoRoomError.ROOM_EXISTS, "Room " + roomId + " already exists");
        }
        if (roomId == null) {
            do {
                roomId = randomUuid();
            } while (rooms.containsKey(roomId));
        }
        RoomSettings.Builder b = RoomSettings.builder(roomId)
                .description(JsonParams.text(root, "description"))
                .isPrivate(JsonParams.isTrue(root, "is_private"))
                .requirePvtid(JsonParams.isTrue(root, "require_pvtid"))
                // Signed tokens need the core's signed-token mode, which Wildfire does not use:
                // Janus then ignores the flag with a warning.
                .signedTokens(false)
                .requireE2ee(JsonParams.isTrue(root, "require_e2ee"))
                .secret(JsonParams.text(root, "secret"))
                .pin(JsonParams.text(root, "pin"))
                .bitrate(JsonParams.integer(root, "bitrate"))
                .bitrateCap(JsonParams.isTrue(root, "bitrate_cap"))
                .firFreq(JsonParams.integer(root, "fir_freq"))
                .vp9Profile(JsonParams.text(root, "vp9_profile"))
                .h264Profile(JsonParams.text(root, "h264_profile"))
                .opusDtx(JsonParams.isTrue(root, "opus_dtx"))
                .videoSvc(JsonParams.isTrue(root, "video_svc"))
                .audiolevelEvent(JsonParams.isTrue(root, "audiolevel_event"))
                .audioActivePackets(JsonParams.integer(root, "audio_active_packets"))
                .audioLevelAverage(JsonParams.integer(root, "audio_level_average"))
                .notifyJoining(JsonParams.isTrue(root, "notify_joining"))
                .record(JsonParams.isTrue(root, "record"))
                .recDir(JsonParams.text(root, "rec_dir"))
                .lockRecord(JsonParams.isTrue(root, "lock_record"))
                .dummyPublisher(JsonParams.isTrue(root, "dummy_publisher"))
                .allowed(allowedTokens)
                .pbMessage(JsonParams.isTrue(root, "pb_message"))
                .threads((int) Math.min(JsonParams.integer(root, "threads"), 64));
        if (JsonParams.has(root, "publishers")) {
            b.publishers(JsonParams.integer(root, "publishers"));
        }
        if (audioCodecs != null) {
            b.audioCodecs(audioCodecs);
        }
        if (videoCodecs != null) {
            b.videoCodecs(videoCodecs);
        }
        if (JsonParams.has(root, "opus_fec")) {
            b.opusFec(JsonParams.isTrue(root, "opus_fec"));
        }
        if (JsonParams.has(root, "audiolevel_ext")) {
            b.audiolevelExt(JsonParams.isTrue(root, "audiolevel_ext"));
        }
        if (JsonParams.has(root, "videoorient_ext")) {
            b.videoorientExt(JsonParams.isTrue(root, "videoorient_ext"));
        }
        if (JsonParams.has(root, "playoutdelay_ext")) {
            b.playoutdelayExt(JsonParams.isTrue(root, "playoutdelay_ext"));
        }
        if (JsonParams.has(root, "transport_wide_cc_ext")) {
            b.transportWideCcExt(JsonParams.isTrue(root, "transport_wide_cc_ext"));
        }
        Room room = new Room(b.build());
        if (save) {
            save = saveRoom(room);
        }
        rooms.put(room.id(), room);
        ObjectNode response = obj();
        response.put("videoroom", "created");
        response.put("room", room.id());
        response.put("permanent", save);
        if (room.settings.pbMessage()) {
            // The fork echoes the flag and switches the process to PB output (use_pb()).
            response.put("pb_message", true);
            listener.onPbMessageRoomCreated(room.id());
        }
        return response;
    }

    private ObjectNode edit(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, EDIT_PARAMS);
        boolean save = JsonParams.isTrue(root, "permanent");
        if (save && store == null) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR,
                    "No configuration file, can't edit room permanently");
        }
        Room room = accessRoom(root, true, false);
        RoomSettings.Builder b = room.settings.toBuilder();
        String desc = JsonParams.text(root, "new_description");
        if (desc != null && !desc.isEmpty()) {
            b.description(desc);
        }
        if (JsonParams.has(root, "new_is_private")) {
            b.isPrivate(JsonParams.isTrue(root, "new_is_private"));
        }
        if (JsonParams.has(root, "new_require_pvtid")) {
            b.requirePvtid(JsonParams.isTrue(root, "new_require_pvtid"));
        }
        if (JsonParams.has(root, "new_publishers")) {
            b.publishers(JsonParams.integer(root, "new_publishers"));
        }
        if (JsonParams.has(root, "new_bitrate")) {
            b.bitrate(JsonParams.integer(root, "new_bitrate"));
        }
        if (JsonParams.has(root, "new_fir_freq")) {
            b.firFreq(JsonParams.integer(root, "new_fir_freq"));
        }
        String secret = JsonParams.text(root, "new_secret");
        if (secret != null && !secret.isEmpty()) {
            b.secret(secret);
        }
        String pin = JsonParams.text(root, "new_pin");
        if (pin != null && !pin.isEmpty()) {
            b.pin(pin);
        }
        if (JsonParams.has(root, "new_lock_record")) {
            b.lockRecord(JsonParams.isTrue(root, "new_lock_record"));
        }
        if (JsonParams.has(root, "new_rec_dir")) {
            b.recDir(JsonParams.text(root, "new_rec_dir"));
        }
        room.settings = b.build();
        if (save) {
            save = saveRoom(room);
        }
        ObjectNode response = obj();
        response.put("videoroom", "edited");
        response.put("room", room.id());
        response.put("permanent", save);
        return response;
    }

    private ObjectNode destroyRoom(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, opt("permanent", BOOLEAN));
        boolean save = JsonParams.isTrue(root, "permanent");
        if (save && store == null) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR,
                    "No configuration file, can't destroy room permanently");
        }
        Room room = accessRoom(root, true, false);
        rooms.remove(room.id());
        room.destroyed = true;
        ObjectNode destroyed = obj();
        destroyed.put("videoroom", "destroyed");
        destroyed.put("room", room.id());
        for (Publisher p : new ArrayList<>(room.participants.values())) {
            stopRecording(p);
            if (p.room != null && !p.session.destroyed) {
                p.room = null;
                push(p.session, null, destroyed.deepCopy(), null);
                p.session.handle.closePeerConnection("room destroyed");
            }
        }
        listener.onRoomRemoved(room.id(), true);
        if (save) {
            try {
                store.remove(room.id());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not remove room " + room.id() + " from the config: " + e);
                save = false;
            }
        }
        ObjectNode response = obj();
        response.put("videoroom", "destroyed");
        response.put("room", room.id());
        response.put("permanent", save);
        return response;
    }

    private ObjectNode list(ObjectNode root) throws VideoRoomException {
        boolean showPrivate = false;
        if (settings.adminKey() != null) {
            JsonNode key = root.get("admin_key");
            if (key != null && key.isTextual() && !key.asText().isEmpty()) {
                JsonParams.checkSecret(settings.adminKey(), root, "admin_key");
                showPrivate = true;
            }
        }
        ArrayNode list = JsonFormat.MAPPER.createArrayNode();
        for (Room room : rooms.values()) {
            if (room.settings.isPrivate() && !showPrivate) {
                continue;
            }
            list.add(VideoRoomJson.roomEntry(room));
        }
        ObjectNode response = obj();
        response.put("videoroom", "success");
        response.set("list", list);
        return response;
    }

    /**
     * Validates like Janus (room, publisher, admin key, secret, feed) and then fails: RTP
     * forwarding is a later issue.
     */
    private ObjectNode rtpForward(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, opt("secret", STRING), req("host", STRING), opt("host_family", STRING),
                opt("simulcast", BOOLEAN), optPositive("srtp_suite"), opt("srtp_crypto", STRING),
                opt("streams", ARRAY));
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, PUBLISHER_ID);
        checkRtpForwardKey(root);
        Room room = accessRoom(root, true, false);
        String pub = JsonParams.text(root, "publisher_id");
        if (!room.participants.containsKey(pub)) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such feed (" + pub + ")");
        }
        throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, "RTP forwarding is not implemented yet in this build");
    }

    private ObjectNode stopRtpForward(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, PUBLISHER_ID);
        JsonParams.validate(root, opt("secret", STRING), reqPositive("stream_id"));
        checkRtpForwardKey(root);
        Room room = accessRoom(root, true, false);
        String pub = JsonParams.text(root, "publisher_id");
        if (!room.participants.containsKey(pub)) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such feed (" + pub + ")");
        }
        // No forwarder can exist yet, so every stream id is unknown (Janus's answer for those).
        throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                "No such stream (" + (JsonParams.integer(root, "stream_id") & 0xffffffffL) + ")");
    }

    private void checkRtpForwardKey(ObjectNode root) throws VideoRoomException {
        if (settings.lockRtpForward() && settings.adminKey() != null) {
            JsonParams.validate(root, req("admin_key", STRING));
            JsonParams.checkSecret(settings.adminKey(), root, "admin_key");
        }
    }

    private ObjectNode exists(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        String id = JsonParams.text(root, "room");
        ObjectNode response = obj();
        response.put("videoroom", "success");
        response.put("room", id);
        response.put("exists", rooms.containsKey(id));
        return response;
    }

    private ObjectNode allowed(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, opt("secret", STRING), req("action", STRING), opt("allowed", ARRAY));
        String action = JsonParams.text(root, "action");
        String a = action.toLowerCase(Locale.ROOT);
        if (!a.equals("enable") && !a.equals("disable") && !a.equals("add") && !a.equals("remove")) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Unsupported action '" + action + "' (allowed)");
        }
        Room room = accessRoom(root, true, false);
        switch (a) {
            case "enable" -> room.checkAllowed = true;
            case "disable" -> room.checkAllowed = false;
            default -> {
                JsonNode list = root.get("allowed");
                if (list != null) {
                    for (JsonNode t : list) {
                        if (!t.isTextual()) {
                            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                                    "Invalid element in the allowed array (not a string)");
                        }
                    }
                    for (JsonNode t : list) {
                        if (a.equals("add")) {
                            room.allowed.add(t.asText());
                        } else {
                            room.allowed.remove(t.asText());
                        }
                    }
                }
            }
        }
        ObjectNode response = obj();
        response.put("videoroom", "success");
        response.put("room", room.id());
        if (!a.equals("disable")) {
            ArrayNode tokens = response.putArray("allowed");
            room.allowed.forEach(tokens::add);
        }
        return response;
    }

    private ObjectNode kick(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, ID);
        JsonParams.validate(root, opt("secret", STRING));
        Room room = accessRoom(root, true, false);
        String userId = JsonParams.text(root, "id");
        Publisher participant = room.participants.get(userId);
        if (participant == null) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                    "No such user " + userId + " in room " + room.id());
        }
        ObjectNode response = obj();
        response.put("videoroom", "success");
        if (participant.kicked) {
            return response;
        }
        participant.kicked = true;
        participant.session.started = false;
        ObjectNode kicked = event(participant.roomId);
        kicked.put("leaving", "ok");
        kicked.put("reason", "kicked");
        push(participant.session, null, kicked, null);
        if (room.settings.requirePvtid()) {
            // Subscriptions made with this participant's private_id stop getting media too.
            for (Subscriber s : participant.subscriptions) {
                s.kicked = true;
                media.updateSubscriber(s.session.handle.handleId(), mediaStreams(s), true);
            }
        }
        leaveOrUnpublish(participant, true, true);
        if (!participant.session.destroyed) {
            participant.session.handle.closePeerConnection("kicked");
        }
        return response;
    }

    private ObjectNode moderate(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, ID);
        JsonParams.validate(root, opt("secret", STRING), req("mid", STRING), req("mute", BOOLEAN));
        Room room = accessRoom(root, true, false);
        String userId = JsonParams.text(root, "id");
        Publisher participant = room.participants.get(userId);
        if (participant == null) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                    "No such user " + userId + " in room " + room.id());
        }
        String mid = JsonParams.text(root, "mid");
        boolean muted = JsonParams.isTrue(root, "mute");
        PublisherStream ps = participant.streamByMid(mid);
        if (ps == null) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such stream " + mid);
        }
        ps.muted = muted;
        media.updatePublisher(participant.session.handle.handleId(), publisherStates(participant));
        ObjectNode ev = event(participant.roomId);
        ev.put("id", participant.id);
        ev.put("mid", mid);
        ev.put("moderation", muted ? "muted" : "unmuted");
        notifyParticipants(participant, ev, true);
        ObjectNode response = obj();
        response.put("videoroom", "success");
        return response;
    }

    private ObjectNode listParticipants(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        Room room = accessRoom(root, false, false);
        ArrayNode list = JsonFormat.MAPPER.createArrayNode();
        for (Publisher p : room.participants.values()) {
            ObjectNode pl = obj();
            pl.put("id", p.id);
            if (p.display != null) {
                pl.put("display", p.display);
            }
            boolean publishing = p.session.started;
            pl.put("publisher", publishing);
            if (publishing) {
                boolean found = false;
                boolean talking = false;
                for (PublisherStream ps : p.streams) {
                    if (ps.type == MediaType.AUDIO && ps.audioLevelExt) {
                        found = true;
                        talking |= ps.talking;
                    }
                }
                if (found) {
                    pl.put("talking", talking);
                }
                // Wildfire fork: publishing participants also list their streams
                // (wildfire-protocol.md §2 item 2, used by ConferenceAdmin.listParticipants).
                ArrayNode streams = pl.putArray("streams");
                for (PublisherStream ps : p.streams) {
                    streams.add(VideoRoomJson.streamInfo(ps, StreamView.PARTICIPANTS));
                }
            }
            list.add(pl);
        }
        ObjectNode response = obj();
        response.put("videoroom", "participants");
        response.put("room", room.id());
        response.set("participants", list);
        return response;
    }

    private ObjectNode listForwarders(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, ROOM);
        Room room = accessRoom(root, true, false);
        ObjectNode response = obj();
        response.put("videoroom", "forwarders");
        response.put("room", room.id());
        // RTP forwarding is a later issue: no publisher has forwarders.
        response.putArray("publishers");
        return response;
    }

    private ObjectNode enableRecording(ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, req("record", BOOLEAN));
        // Janus 1.1.2 does not validate "room" here and dereferences a missing one; we answer
        // like the other room requests instead.
        JsonParams.validate(root, ROOM);
        boolean record = JsonParams.isTrue(root, "record");
        Room room = accessRoom(root, true, false);
        if (record != room.settings.record()) {
            room.settings = room.settings.toBuilder().record(record).build();
            for (Publisher p : room.participants.values()) {
                boolean was = p.recordingActive;
                p.recordingActive = record;
                if (was != record) {
                    if (!record) {
                        stopRecording(p);
                    } else if (p.session.started) {
                        recordStreams(p, false, true);
                    }
                }
            }
            listener.onRoomRecordingChanged(room.id(), record);
        }
        ObjectNode response = obj();
        response.put("videoroom", "success");
        response.put("record", record);
        return response;
    }

    /**
     * {@code janus_videoroom_access_room}: the room must exist; {@code checkModify} needs the
     * secret, {@code checkJoin} the pin. {@code room} was validated as a string before, except for
     * {@code enable_recording}, where Janus does not validate it either.
     */
    private Room accessRoom(ObjectNode root, boolean checkModify, boolean checkJoin) throws VideoRoomException {
        String id = JsonParams.text(root, "room");
        Room room = id == null ? null : rooms.get(id);
        if (room == null || room.destroyed) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_ROOM, "No such room (" + id + ")");
        }
        if (checkModify) {
            JsonParams.checkSecret(room.settings.secret(), root, "secret");
        }
        if (checkJoin) {
            JsonParams.checkSecret(room.settings.pin(), root, "pin");
        }
        return room;
    }

    private boolean saveRoom(Room room) {
        try {
            store.save(room.snapshot());
            return true;
        } catch (IOException | RuntimeException e) {
            // Janus answers "permanent": false when janus_config_save fails.
            LOG.log(System.Logger.Level.WARNING, "Could not save room " + room.id() + " permanently: " + e);
            return false;
        }
    }

    // ------------------------------------------------------------------ asynchronous requests

    /** Janus's handler thread body for one message; runs on the signalling thread. */
    private void handleAsync(HandleSession session, String transaction, String request, ObjectNode root,
            ObjectNode jsep) {
        if (session.destroyed || !sessions.containsKey(session.handle.handleId())) {
            return;
        }
        try {
            ObjectNode event = switch (session.kind) {
                case NONE -> joinRequest(session, transaction, request, root, jsep);
                case PUBLISHER -> publisherRequest(session, request, root, jsep);
                case SUBSCRIBER -> subscriberRequest(session, transaction, request, root, jsep);
            };
            if (event != null) {
                finishWithJsep(session, transaction, root, jsep, event);
            }
        } catch (VideoRoomException e) {
            push(session, transaction, error(e), null);
        }
    }

    /**
     * The tail of Janus's handler: push the event, or negotiate first when a JSEP came along
     * (publisher offer → answer; subscriber answer → start).
     */
    private void finishWithJsep(HandleSession session, String transaction, ObjectNode root, ObjectNode jsep,
            ObjectNode event) throws VideoRoomException {
        String sdp = jsep == null ? null : JsonParams.text(jsep, "sdp");
        if (sdp == null) {
            push(session, transaction, event, null);
            return;
        }
        String type = String.valueOf(JsonParams.text(jsep, "type"));
        if (type.equalsIgnoreCase("answer")) {
            push(session, transaction, event, null);
            if (session.subscriber != null) {
                subscriberAnswered(session.subscriber, sdp);
            }
            return;
        }
        if (!type.equalsIgnoreCase("offer")) {
            throw new VideoRoomException(VideoRoomError.INVALID_SDP_TYPE, "Unknown SDP type '" + type + "'");
        }
        if (session.kind != HandleSession.Kind.PUBLISHER || session.publisher == null) {
            throw new VideoRoomException(VideoRoomError.INVALID_SDP_TYPE, "Only publishers send offers");
        }
        publishOffer(session, transaction, root, jsep, sdp, event);
    }

    private ObjectNode joinRequest(HandleSession session, String transaction, String request, ObjectNode root,
            ObjectNode jsep) throws VideoRoomException {
        if (!request.equals("join") && !request.equals("joinandconfigure")) {
            throw new VideoRoomException(VideoRoomError.JOIN_FIRST, "Invalid request on unconfigured participant");
        }
        JsonParams.validate(root, ROOM);
        JsonParams.validate(root, JOIN_PARAMS);
        Room room = accessRoom(root, false, true);
        String ptype = JsonParams.text(root, "ptype");
        if (ptype.equalsIgnoreCase("publisher")) {
            return joinPublisher(session, request, room, root, jsep);
        } else if (ptype.equalsIgnoreCase("subscriber")) {
            joinSubscriber(session, transaction, room, root);
            return null;
        }
        throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (ptype)");
    }

    private ObjectNode joinPublisher(HandleSession session, String request, Room room, ObjectNode root,
            ObjectNode jsep) throws VideoRoomException {
        JsonParams.validate(root, opt("display", STRING));
        JsonParams.validate(root, ID_OPT);
        validateDescriptions(root);
        if (room.checkAllowed) {
            String token = JsonParams.text(root, "token");
            if (token == null || !room.allowed.contains(token)) {
                throw new VideoRoomException(VideoRoomError.UNAUTHORIZED, "Unauthorized (not in the allowed list)");
            }
        }
        String userId = JsonParams.text(root, "id");
        if (userId != null && room.participants.containsKey(userId)) {
            throw new VideoRoomException(VideoRoomError.ID_EXISTS, "User ID " + userId + " already exists");
        }
        if (userId == null) {
            do {
                userId = randomUuid();
            } while (room.participants.containsKey(userId));
        }
        long privateId;
        do {
            privateId = random.nextLong() & 0xffffffffL;
        } while (privateId == 0 || room.privateIds.containsKey(privateId));
        Publisher publisher = new Publisher(session, room, userId, privateId);
        publisher.display = JsonParams.text(root, "display");
        boolean withSdp = jsep != null && JsonParams.text(jsep, "sdp") != null;
        if (request.equals("joinandconfigure")) {
            if (withSdp) {
                publisher.audioCodec = codecPreference(root, "audiocodec", Codecs.AUDIO, room.settings.audioCodecs(),
                        "Audio codec unavailable in this room");
                publisher.videoCodec = codecPreference(root, "videocodec", Codecs.VIDEO, room.settings.videoCodecs(),
                        "Video codec unavailable in this room");
            }
            if (JsonParams.has(root, "bitrate")) {
                publisher.bitrate = JsonParams.integer(root, "bitrate");
            }
            if (JsonParams.has(root, "record")) {
                publisher.recordingActive = JsonParams.isTrue(root, "record");
            }
            publisher.recordingBase = JsonParams.text(root, "filename");
        }
        publisher.audioActivePackets = (int) JsonParams.integer(root, "audio_active_packets");
        publisher.audioLevelAverage = (int) JsonParams.integer(root, "audio_level_average");
        session.kind = HandleSession.Kind.PUBLISHER;
        session.publisher = publisher;
        ArrayNode publishers = JsonFormat.MAPPER.createArrayNode();
        ArrayNode attendees = room.settings.notifyJoining() ? JsonFormat.MAPPER.createArrayNode() : null;
        room.participants.put(userId, publisher);
        room.privateIds.put(privateId, publisher);
        for (Publisher p : room.participants.values()) {
            if (p == publisher || p.streams.isEmpty() || !p.session.started) {
                if (p != publisher && attendees != null) {
                    ObjectNode al = obj();
                    al.put("id", p.id);
                    if (p.display != null) {
                        al.put("display", p.display);
                    }
                    attendees.add(al);
                }
                continue;
            }
            publishers.add(VideoRoomJson.publisherEntry(p, StreamView.JOINED));
        }
        ObjectNode event = obj();
        event.put("videoroom", "joined");
        event.put("room", room.id());
        event.put("description", room.settings.description());
        event.put("id", userId);
        event.put("private_id", privateId);
        event.set("publishers", publishers);
        if (publisher.audioActivePackets != 0) {
            event.put("audio_active_packets", publisher.audioActivePackets);
        }
        if (publisher.audioLevelAverage != 0) {
            event.put("audio_level_average", publisher.audioLevelAverage);
        }
        if (attendees != null) {
            event.set("attendees", attendees);
        }
        if (room.settings.notifyJoining()) {
            ObjectNode joining = event(room.id());
            ObjectNode user = joining.putObject("joining");
            user.put("id", publisher.id);
            if (publisher.display != null) {
                user.put("display", publisher.display);
            }
            notifyParticipants(publisher, joining, false);
        }
        return event;
    }

    private static String codecPreference(ObjectNode root, String key, Set<String> known, List<String> allowed,
            String unavailable) throws VideoRoomException {
        if (!JsonParams.has(root, key)) {
            return null;
        }
        String codec = Codecs.known(JsonParams.text(root, key), known);
        if (codec == null || !allowed.contains(codec)) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, unavailable);
        }
        return codec;
    }

    private static void validateDescriptions(ObjectNode root) throws VideoRoomException {
        JsonNode descriptions = root.get("descriptions");
        if (descriptions != null && descriptions.isArray()) {
            for (JsonNode d : descriptions) {
                JsonParams.validate(d, PUBLISH_DESC_PARAMS);
            }
        }
    }

    private ObjectNode publisherRequest(HandleSession session, String request, ObjectNode root, ObjectNode jsep)
            throws VideoRoomException {
        Publisher participant = session.publisher;
        if (participant == null) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, "Invalid participant instance");
        }
        if (participant.room == null) {
            if (request.equals("join") || request.equals("joinandconfigure")) {
                throw new VideoRoomException(VideoRoomError.ALREADY_JOINED, "Not in a room (create a new handle)");
            }
            throw new VideoRoomException(VideoRoomError.NO_SUCH_ROOM, "No such room");
        }
        switch (request) {
            case "join", "joinandconfigure" -> throw new VideoRoomException(VideoRoomError.ALREADY_JOINED,
                    "Already in as a publisher on this handle");
            case "configure", "publish" -> {
                return configurePublisher(session, participant, request, root, jsep);
            }
            case "unpublish" -> {
                if (!session.started) {
                    throw new VideoRoomException(VideoRoomError.NOT_PUBLISHED, "Can't unpublish, not published");
                }
                hangupInternal(session);
                session.handle.closePeerConnection("unpublished");
                ObjectNode event = event(participant.roomId);
                event.put("unpublished", "ok");
                return event;
            }
            case "leave" -> {
                ObjectNode event = event(participant.roomId);
                event.put("leaving", "ok");
                leaveOrUnpublish(participant, true, false);
                session.started = false;
                return event;
            }
            default -> throw new VideoRoomException(VideoRoomError.INVALID_REQUEST,
                    "Unknown request '" + root.get("request").asText() + "'");
        }
    }

    private ObjectNode configurePublisher(HandleSession session, Publisher participant, String request,
            ObjectNode root, ObjectNode jsep) throws VideoRoomException {
        if (request.equals("publish") && session.started) {
            throw new VideoRoomException(VideoRoomError.ALREADY_PUBLISHED, "Can't publish, already published");
        }
        if (participant.kicked) {
            throw new VideoRoomException(VideoRoomError.UNAUTHORIZED, "Unauthorized, you have been kicked");
        }
        JsonParams.validate(root, PUBLISH_PARAMS);
        validateDescriptions(root);
        Room room = participant.room;
        // Janus moves the flat mid/send/keyframe/min_delay/max_delay into a one-element streams array.
        JsonNode streams = root.get("streams");
        List<JsonNode> streamList = new ArrayList<>();
        if (streams == null) {
            ObjectNode s = obj();
            for (String k : List.of("mid", "send", "keyframe", "min_delay", "max_delay")) {
                if (root.has(k)) {
                    s.set(k, root.get(k));
                }
            }
            streamList.add(s);
        } else if (streams.isArray()) {
            streams.forEach(streamList::add);
        }
        boolean flatAudio = JsonParams.has(root, "audio");
        boolean flatVideo = JsonParams.has(root, "video");
        boolean flatData = JsonParams.has(root, "data");
        for (JsonNode s : streamList) {
            JsonParams.validate(s, PUBLISH_STREAM_PARAMS);
            String mid = JsonParams.text(s, "mid");
            if (mid == null && streamList.size() > 1) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid value (mid can't be null in a streams array)");
            } else if (mid != null && participant.streamByMid(mid) == null) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such mid '" + mid + "' published");
            }
            if (mid != null) {
                flatAudio = flatVideo = flatData = false;
            }
        }
        boolean withSdp = jsep != null && JsonParams.text(jsep, "sdp") != null;
        if (withSdp) {
            String audio = codecPreference(root, "audiocodec", Codecs.AUDIO, room.settings.audioCodecs(),
                    "Audio codec unavailable in this room");
            String video = codecPreference(root, "videocodec", Codecs.VIDEO, room.settings.videoCodecs(),
                    "Video codec unavailable in this room");
            if (audio != null) {
                participant.audioCodec = audio;
            }
            if (video != null) {
                participant.videoCodec = video;
            }
        }
        boolean changed = false;
        for (JsonNode s : streamList) {
            String mid = JsonParams.text(s, "mid");
            for (PublisherStream ps : participant.streams) {
                boolean midFound = mid != null && ps.mid.equals(mid);
                if (mid != null && !midFound) {
                    continue;
                }
                if (JsonParams.has(s, "send")) {
                    ps.active = JsonParams.isTrue(s, "send");
                    changed = true;
                }
                if (mid == null) {
                    if (ps.type == MediaType.AUDIO && flatAudio) {
                        ps.active = JsonParams.isTrue(root, "audio");
                        changed = true;
                    } else if (ps.type == MediaType.VIDEO && flatVideo) {
                        ps.active = JsonParams.isTrue(root, "video");
                        changed = true;
                    } else if (ps.type == MediaType.DATA && flatData) {
                        ps.active = JsonParams.isTrue(root, "data");
                        changed = true;
                    }
                }
                if (ps.type == MediaType.VIDEO && JsonParams.isTrue(s, "keyframe")) {
                    media.requestKeyframe(session.handle.handleId(), ps.mid);
                }
                if (ps.type == MediaType.VIDEO) {
                    applyDelays(s, ps);
                }
            }
        }
        if (changed) {
            media.updatePublisher(session.handle.handleId(), publisherStates(participant));
        }
        if (JsonParams.has(root, "bitrate")) {
            participant.bitrate = JsonParams.integer(root, "bitrate");
        }
        if (JsonParams.has(root, "audio_active_packets")) {
            participant.audioActivePackets = (int) JsonParams.integer(root, "audio_active_packets");
        }
        if (JsonParams.has(root, "audio_level_average")) {
            participant.audioLevelAverage = (int) JsonParams.integer(root, "audio_level_average");
        }
        boolean record = JsonParams.has(root, "record");
        boolean recfile = JsonParams.has(root, "filename");
        boolean recordLocked = false;
        if ((record || recfile) && room.settings.lockRecord() && room.settings.secret() != null) {
            try {
                JsonParams.checkSecret(room.settings.secret(), root, "secret");
            } catch (VideoRoomException e) {
                // A wrong secret silently keeps the recording state (janus_videoroom.c).
                recordLocked = true;
            }
        }
        boolean wasRecording = participant.recordingActive;
        if (record && !recordLocked) {
            participant.recordingActive = JsonParams.isTrue(root, "record");
        }
        if (recfile && !recordLocked) {
            participant.recordingBase = JsonParams.text(root, "filename");
        }
        if (participant.recordingActive != wasRecording) {
            if (!participant.recordingActive) {
                stopRecording(participant);
            } else if (session.started) {
                // Janus: "We've started recording, send a PLI/FIR and go on".
                recordStreams(participant, false, true);
            }
        }
        String display = JsonParams.text(root, "display");
        if (display != null) {
            String old = participant.display;
            participant.display = display;
            if (old != null) {
                ObjectNode ev = obj();
                ev.put("videoroom", "event");
                ev.put("id", participant.id);
                ev.put("display", display);
                notifyParticipants(participant, ev, false);
            }
        }
        JsonNode descriptions = root.get("descriptions");
        if (!withSdp && descriptions != null && descriptions.size() > 0) {
            boolean updated = false;
            for (JsonNode d : descriptions) {
                PublisherStream ps = participant.streamByMid(JsonParams.text(d, "mid"));
                if (ps != null) {
                    ps.description = JsonParams.text(d, "description");
                    updated = true;
                }
            }
            if (updated) {
                notifyAboutPublisher(participant);
            }
        }
        ObjectNode event = event(participant.roomId);
        event.put("configured", "ok");
        return event;
    }

    /**
     * Janus's playout-delay update ({@code min_delay}/{@code max_delay} in configure): a negative
     * value clears both, otherwise the other bound is pulled along so that min <= max.
     *
     * @return the new {min, max}
     */
    private static int[] playoutDelays(JsonNode s, int min, int max) {
        if (JsonParams.has(s, "min_delay")) {
            int md = (short) JsonParams.integer(s, "min_delay");
            if (md < 0) {
                min = -1;
                max = -1;
            } else {
                min = md;
                max = Math.max(max, min);
            }
        }
        if (JsonParams.has(s, "max_delay")) {
            int md = (short) JsonParams.integer(s, "max_delay");
            if (md < 0) {
                min = -1;
                max = -1;
            } else {
                max = md;
                min = Math.min(min, max);
            }
        }
        return new int[] {min, max};
    }

    private static void applyDelays(JsonNode s, PublisherStream ps) {
        int[] delays = playoutDelays(s, ps.minDelay, ps.maxDelay);
        ps.minDelay = delays[0];
        ps.maxDelay = delays[1];
    }

    /** Publisher offer → media port → answer ({@code configured}/{@code joined} + JSEP answer). */
    private void publishOffer(HandleSession session, String transaction, ObjectNode root, ObjectNode jsep,
            String sdp, ObjectNode event) throws VideoRoomException {
        Publisher participant = session.publisher;
        Room room = participant.room;
        if (room == null || room.destroyed) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_ROOM, "No such room");
        }
        // Janus takes "update" from the JSEP (set by the core when the PeerConnection exists); a
        // publisher that already negotiated streams is renegotiating too.
        boolean renegotiation = JsonParams.isTrue(jsep, "update") || (session.started && !participant.streams.isEmpty());
        if (!renegotiation) {
            int count = 0;
            for (Publisher p : room.participants.values()) {
                if (p != participant && p.session.started) {
                    count++;
                }
            }
            if (count == room.settings.publishers()) {
                throw new VideoRoomException(VideoRoomError.PUBLISHERS_FULL,
                        "Maximum number of publishers (" + room.settings.publishers() + ") already reached");
            }
        }
        boolean e2ee = JsonParams.isTrue(jsep, "e2ee");
        if (room.settings.requireE2ee() && !e2ee && !participant.e2ee) {
            throw new VideoRoomException(VideoRoomError.UNAUTHORIZED, "Room requires end-to-end encrypted media");
        }
        JsonNode simulcast = jsep.get("simulcast");
        VideoRoomMedia.PublishNegotiation negotiation;
        try {
            negotiation = media.publish(new VideoRoomMedia.PublishRequest(room.id(), participant.id,
                    session.handle.handleId(), sdp, renegotiation, room.settings, participant.audioCodec,
                    participant.videoCodec, simulcast == null ? null : simulcast.toString(), e2ee));
        } catch (MediaException.InvalidSdp e) {
            throw new VideoRoomException(VideoRoomError.INVALID_SDP, "Error parsing offer: " + e.getMessage());
        } catch (MediaException e) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, e.getMessage());
        }
        JsonNode descriptions = root.get("descriptions");
        ArrayNode streamsInfo = JsonFormat.MAPPER.createArrayNode();
        String audioCodec = null;
        String videoCodec = null;
        for (PublishedStream s : negotiation.streams()) {
            PublisherStream ps = null;
            for (PublisherStream existing : participant.streams) {
                if (existing.mindex == s.mindex()) {
                    ps = existing;
                }
            }
            if (ps == null) {
                ps = new PublisherStream(participant, s.type(), s.mindex(), s.mid());
                participant.streams.add(ps);
            }
            ps.mid = s.mid();
            ps.codec = s.codec();
            ps.disabled = s.disabled();
            ps.simulcast = s.simulcast();
            ps.svc = s.svc();
            ps.opusFec = s.opusFec();
            ps.opusDtx = s.opusDtx();
            ps.opusStereo = s.opusStereo();
            ps.h264Profile = s.h264Profile();
            ps.vp9Profile = s.vp9Profile();
            ps.audioLevelExt = s.audioLevelExt();
            if (descriptions != null) {
                for (JsonNode d : descriptions) {
                    if (ps.mid.equalsIgnoreCase(String.valueOf(JsonParams.text(d, "mid")))) {
                        ps.description = JsonParams.text(d, "description");
                        break;
                    }
                }
            }
            if (!ps.disabled && ps.type == MediaType.AUDIO && audioCodec == null) {
                audioCodec = ps.codec;
            } else if (!ps.disabled && ps.type == MediaType.VIDEO && videoCodec == null) {
                videoCodec = ps.codec;
            }
            streamsInfo.add(VideoRoomJson.streamInfo(ps, StreamView.OWN));
        }
        if (audioCodec != null) {
            event.put("audio_codec", audioCodec);
        }
        if (videoCodec != null) {
            event.put("video_codec", videoCodec);
        }
        event.set("streams", streamsInfo);
        if (e2ee) {
            participant.e2ee = true;
        }
        // janus_videoroom.c, after answering an offer: in a recorded room, or for a publisher recording
        // already, every stream is recorded (new streams of a renegotiation included). Unlike Janus we also
        // ask for a keyframe, which the router sends when the PeerConnection is up: a browser's first
        // keyframe is its only one until someone asks, and a recording without subscribers that missed it
        // (seen once in BrowserRecordingTest under load) could not be decoded at all.
        if (room.settings.record() || participant.recordingActive) {
            participant.recordingActive = true;
            recordStreams(participant, renegotiation, !renegotiation);
        }
        ObjectNode answer = obj();
        answer.put("type", "answer");
        answer.put("sdp", negotiation.answerSdp());
        if (participant.e2ee) {
            answer.put("e2ee", true);
        }
        session.hangingUp = false;
        push(session, transaction, event, answer);
        if (renegotiation && session.started) {
            notifyAboutPublisher(participant);
        }
    }

    private void joinSubscriber(HandleSession session, String transaction, Room room, ObjectNode root)
            throws VideoRoomException {
        JsonParams.validate(root, SUBSCRIBER_PARAMS);
        long pvtId = JsonParams.integer(root, "private_id") & 0xffffffffL;
        JsonNode feeds = root.get("streams");
        boolean legacy = false;
        String legacyFeed = null;
        List<JsonNode> feedList = new ArrayList<>();
        if (feeds == null || feeds.size() == 0) {
            // Deprecated "feed": subscribe to everything the publisher sends.
            JsonParams.validate(root, FEED);
            legacyFeed = JsonParams.text(root, "feed");
            ObjectNode s = obj();
            s.put("feed", legacyFeed);
            feedList.add(s);
            legacy = true;
        } else {
            feeds.forEach(feedList::add);
        }
        for (JsonNode s : feedList) {
            JsonParams.validate(s, SUBSCRIBER_STREAM_PARAMS);
            JsonParams.validate(s, FEED);
            Publisher publisher = startedFeed(room, JsonParams.text(s, "feed"));
            String mid = JsonParams.text(s, "mid");
            if (mid != null && publisher.streamByMid(mid) == null) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                        "No such mid '" + mid + "' in feed (" + publisher.id + ")");
            }
            checkLayers(s);
        }
        Publisher owner = null;
        if (room.settings.requirePvtid()) {
            owner = room.privateIds.get(pvtId);
            if (pvtId == 0 || owner == null) {
                throw new VideoRoomException(VideoRoomError.UNAUTHORIZED,
                        "Unauthorized (this room requires a valid private_id)");
            }
        }
        Subscriber subscriber = new Subscriber(session, room, pvtId);
        boolean doAudio = !root.has("offer_audio") || JsonParams.isTrue(root, "offer_audio");
        boolean doVideo = !root.has("offer_video") || JsonParams.isTrue(root, "offer_video");
        boolean doData = !root.has("offer_data") || JsonParams.isTrue(root, "offer_data");
        SubscriberStream dataStream = null;
        for (JsonNode s : feedList) {
            Publisher publisher = room.participants.get(JsonParams.text(s, "feed"));
            String mid = JsonParams.text(s, "mid");
            List<PublisherStream> sources = new ArrayList<>();
            if (mid != null) {
                sources.add(publisher.streamByMid(mid));
            } else {
                sources.addAll(publisher.streams);
            }
            for (PublisherStream ps : sources) {
                if (ps.disabled) {
                    // A rejected m-line has nothing to relay; the subscribe path skips it too.
                    continue;
                }
                if (ps.type == MediaType.DATA && dataStream != null) {
                    if (!dataStream.sources.contains(ps)) {
                        link(dataStream, ps);
                    }
                    continue;
                }
                if (legacy && ((ps.type == MediaType.AUDIO && !doAudio) || (ps.type == MediaType.VIDEO && !doVideo)
                        || (ps.type == MediaType.DATA && !doData))) {
                    continue;
                }
                SubscriberStream stream = addStream(subscriber, ps, JsonParams.text(s, "crossrefid"));
                if (ps.type == MediaType.VIDEO) {
                    applyTargets(s, stream);
                    applyDelays(s, stream);
                }
                if (ps.type == MediaType.DATA) {
                    dataStream = stream;
                }
            }
        }
        if (subscriber.streams.isEmpty()) {
            throw new VideoRoomException(VideoRoomError.INVALID_SDP, "Can't offer an SDP with no stream");
        }
        String offer;
        try {
            offer = media.offerSubscriber(new VideoRoomMedia.SubscriberOfferRequest(room.id(),
                    session.handle.handleId(), mediaStreams(subscriber), false));
        } catch (MediaException e) {
            unlinkAll(subscriber);
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, e.getMessage());
        }
        session.subscriber = subscriber;
        session.kind = HandleSession.Kind.SUBSCRIBER;
        if (owner != null) {
            owner.subscriptions.add(subscriber);
        }
        ObjectNode event = obj();
        event.put("videoroom", "attached");
        event.put("room", room.id());
        if (legacy) {
            event.put("id", legacyFeed);
            event.put("warning", "deprecated_api");
        }
        event.set("streams", VideoRoomJson.subscriberStreams(subscriber, legacy, event));
        session.hangingUp = false;
        push(session, transaction, event, offerJsep(offer, false));
    }

    /** The publisher {@code feed} must exist and be publishing (PeerConnection up). */
    private static Publisher startedFeed(Room room, String feed) throws VideoRoomException {
        Publisher publisher = room.participants.get(feed);
        if (publisher == null || publisher.session.destroyed || !publisher.session.started) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such feed (" + feed + ")");
        }
        return publisher;
    }

    private static void checkLayers(JsonNode s) throws VideoRoomException {
        long spatial = JsonParams.integer(s, "spatial_layer");
        long substream = JsonParams.integer(s, "substream");
        if (spatial < 0 || spatial > 2 || substream < 0 || substream > 2) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                    "Invalid value (substream/spatial_layer should be 0, 1 or 2)");
        }
        long temporal = JsonParams.integer(s, "temporal_layer");
        long scTemporal = JsonParams.integer(s, "temporal");
        if (temporal < 0 || temporal > 2 || scTemporal < 0 || scTemporal > 2) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                    "Invalid value (temporal/temporal_layer should be 0, 1 or 2)");
        }
    }

    private static void applyTargets(JsonNode s, SubscriberStream stream) {
        if (JsonParams.has(s, "substream")) {
            long t = JsonParams.integer(s, "substream");
            if (t >= 0 && t <= 2) {
                stream.substreamTarget = (int) t;
            }
        }
        if (JsonParams.has(s, "temporal")) {
            stream.temporalTarget = (int) JsonParams.integer(s, "temporal");
        }
        if (JsonParams.has(s, "fallback")) {
            stream.fallback = (int) JsonParams.integer(s, "fallback");
        }
        if (JsonParams.has(s, "spatial_layer")) {
            stream.spatialTarget = (int) JsonParams.integer(s, "spatial_layer");
        }
        if (JsonParams.has(s, "temporal_layer")) {
            stream.temporalLayerTarget = (int) JsonParams.integer(s, "temporal_layer");
        }
    }

    private static void applyDelays(JsonNode s, SubscriberStream stream) {
        int[] delays = playoutDelays(s, stream.minDelay, stream.maxDelay);
        stream.minDelay = delays[0];
        stream.maxDelay = delays[1];
    }

    /** {@code janus_videoroom_subscriber_stream_add}: a new m-line fed by {@code ps}. */
    private static SubscriberStream addStream(Subscriber subscriber, PublisherStream ps, String crossrefid) {
        SubscriberStream stream = new SubscriberStream(subscriber, subscriber.streams.size(), ps.type);
        stream.crossrefid = crossrefid;
        stream.codec = ps.codec;
        stream.h264Profile = "h264".equals(ps.codec) ? ps.h264Profile : null;
        stream.vp9Profile = "vp9".equals(ps.codec) ? ps.vp9Profile : null;
        subscriber.streams.add(stream);
        link(stream, ps);
        return stream;
    }

    /**
     * {@code janus_videoroom_subscriber_stream_add_or_replace}: reuse an inactive m-line of the
     * same type and codec, join the existing data channel, or add a new m-line. Returns null when
     * nothing changed in the SDP (data channel joined).
     */
    private static SubscriberStream addOrReplace(Subscriber subscriber, PublisherStream ps) {
        for (SubscriberStream stream : subscriber.streams) {
            PublisherStream current = stream.source();
            if (current != null && current.type == ps.type && stream.type == MediaType.DATA) {
                if (!stream.sources.contains(ps)) {
                    link(stream, ps);
                }
                return null;
            }
            if (current == null && stream.type == ps.type
                    && (stream.type == MediaType.DATA || Objects.equals(stream.codec, ps.codec))) {
                stream.substreamTarget = 2;
                stream.temporalTarget = 2;
                stream.spatialTarget = 1;
                stream.temporalLayerTarget = 2;
                link(stream, ps);
                return stream;
            }
        }
        return addStream(subscriber, ps, null);
    }

    private static void link(SubscriberStream stream, PublisherStream ps) {
        stream.sources.add(ps);
        ps.subscribers.add(stream);
        // A new source starts over: the engine reports its layers when it relays them.
        stream.substream = -1;
        stream.temporal = -1;
    }

    /** {@code janus_videoroom_subscriber_stream_remove}: detaches {@code ps} (or all sources). */
    private static void unlink(SubscriberStream stream, PublisherStream ps) {
        List<PublisherStream> targets = ps == null ? new ArrayList<>(stream.sources) : List.of(ps);
        for (PublisherStream p : targets) {
            if (stream.sources.remove(p)) {
                p.subscribers.remove(stream);
            }
        }
        if (stream.sources.isEmpty()) {
            stream.ready = false;
        }
    }

    private static void unlinkAll(Subscriber subscriber) {
        for (SubscriberStream s : subscriber.streams) {
            unlink(s, null);
        }
    }

    private ObjectNode subscriberRequest(HandleSession session, String transaction, String request,
            ObjectNode root, ObjectNode jsep) throws VideoRoomException {
        Subscriber subscriber = session.subscriber;
        if (subscriber == null) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, "Invalid subscriber instance");
        }
        switch (request) {
            case "join" -> throw new VideoRoomException(VideoRoomError.ALREADY_JOINED,
                    "Already in as a subscriber on this handle");
            case "start" -> {
                if (subscriber.paused && jsep == null) {
                    for (SubscriberStream ss : subscriber.streams) {
                        PublisherStream ps = ss.source();
                        if (ps != null && ps.type == MediaType.VIDEO) {
                            media.requestKeyframe(ps.publisher.session.handle.handleId(), ps.mid);
                        }
                    }
                }
                subscriber.paused = false;
                media.updateSubscriber(session.handle.handleId(), mediaStreams(subscriber), false);
                ObjectNode event = event(subscriber.room.id());
                event.put("started", "ok");
                return event;
            }
            case "subscribe", "unsubscribe", "update" -> {
                updateSubscription(session, subscriber, transaction, request, root);
                return null;
            }
            case "configure" -> {
                return configureSubscriber(session, subscriber, transaction, root, jsep);
            }
            case "pause" -> {
                subscriber.paused = true;
                media.updateSubscriber(session.handle.handleId(), mediaStreams(subscriber), true);
                ObjectNode event = event(subscriber.room.id());
                event.put("paused", "ok");
                return event;
            }
            case "switch" -> {
                switchSubscriber(session, subscriber, transaction, root);
                return null;
            }
            case "leave" -> {
                hangupInternal(session);
                session.handle.closePeerConnection("left");
                ObjectNode event = event(subscriber.room.id());
                event.put("left", "ok");
                session.started = false;
                return event;
            }
            default -> throw new VideoRoomException(VideoRoomError.INVALID_REQUEST,
                    "Unknown request '" + root.get("request").asText() + "'");
        }
    }

    private void updateSubscription(HandleSession session, Subscriber subscriber, String transaction,
            String request, ObjectNode root) throws VideoRoomException {
        boolean update = request.equals("update");
        boolean subscribe = update || request.equals("subscribe");
        boolean unsubscribe = update || request.equals("unsubscribe");
        if (update) {
            JsonParams.validate(root, opt("subscribe", ARRAY), opt("unsubscribe", ARRAY));
        } else {
            JsonParams.validate(root, req("streams", ARRAY));
        }
        JsonNode subFeeds = subscribe ? root.get(update ? "subscribe" : "streams") : null;
        if (subFeeds != null && subFeeds.size() == 0) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Empty subscription list");
        }
        JsonNode unsubFeeds = unsubscribe ? root.get(update ? "unsubscribe" : "streams") : null;
        if (unsubFeeds != null) {
            if (unsubFeeds.size() == 0) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Empty unsubscription list");
            }
            for (JsonNode s : unsubFeeds) {
                JsonParams.validate(s, SUBSCRIBER_REMOVE_PARAMS);
                JsonParams.validate(s, FEED_OPT);
            }
        }
        if (update && subFeeds == null && unsubFeeds == null) {
            throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT,
                    "At least one of either 'subscribe' or 'unsubscribe' must be present");
        }
        Room room = subscriber.room;
        if (subFeeds != null) {
            for (JsonNode s : subFeeds) {
                JsonParams.validate(s, SUBSCRIBER_STREAM_PARAMS);
                JsonParams.validate(s, FEED);
                Publisher publisher = startedFeed(room, JsonParams.text(s, "feed"));
                String mid = JsonParams.text(s, "mid");
                if (mid != null && publisher.streamByMid(mid) == null) {
                    throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                            "No such mid '" + mid + "' in feed (" + publisher.id + ")");
                }
                checkLayers(s);
            }
        }
        // Unsubscribe first, then subscribe, as Janus does for combined requests.
        int changes = 0;
        if (unsubFeeds != null) {
            for (JsonNode s : unsubFeeds) {
                String feed = JsonParams.text(s, "feed");
                String subMid = JsonParams.text(s, "sub_mid");
                if (subMid != null) {
                    SubscriberStream stream = subscriber.streamByMid(subMid);
                    if (stream != null) {
                        unlink(stream, null);
                        changes++;
                    }
                } else if (feed != null) {
                    Publisher publisher = room.participants.get(feed);
                    if (publisher == null || publisher.session.destroyed || !publisher.session.started) {
                        continue;
                    }
                    String mid = JsonParams.text(s, "mid");
                    for (SubscriberStream stream : subscriber.streams) {
                        for (PublisherStream ps : new ArrayList<>(stream.sources)) {
                            if (ps.publisher != publisher || (mid != null && !ps.mid.equalsIgnoreCase(mid))) {
                                continue;
                            }
                            unlink(stream, ps);
                            if (stream.type != MediaType.DATA) {
                                changes++;
                            }
                        }
                    }
                }
            }
        }
        if (subFeeds != null) {
            for (JsonNode s : subFeeds) {
                Publisher publisher = room.participants.get(JsonParams.text(s, "feed"));
                if (publisher == null || publisher.session.destroyed || !publisher.session.started) {
                    continue;
                }
                String mid = JsonParams.text(s, "mid");
                List<PublisherStream> sources = new ArrayList<>();
                if (mid != null) {
                    PublisherStream ps = publisher.streamByMid(mid);
                    if (ps != null) {
                        sources.add(ps);
                    }
                } else {
                    sources.addAll(publisher.streams);
                }
                for (PublisherStream ps : sources) {
                    if (ps.disabled) {
                        continue;
                    }
                    SubscriberStream stream = addOrReplace(subscriber, ps);
                    if (stream != null) {
                        changes++;
                        if (ps.type == MediaType.VIDEO) {
                            applyTargets(s, stream);
                            applyDelays(s, stream);
                        }
                    }
                }
            }
        }
        if (changes == 0) {
            ObjectNode event = obj();
            event.put("videoroom", "updated");
            event.put("room", room.id());
            push(session, transaction, event, null);
            return;
        }
        if (!subscriber.answered) {
            subscriber.pendingOffer = true;
            ObjectNode event = obj();
            event.put("videoroom", "updating");
            event.put("room", room.id());
            push(session, transaction, event, null);
            return;
        }
        sendUpdatedOffer(subscriber, transaction, false);
    }

    /** {@code updated} with the whole subscription and a new offer. */
    private void sendUpdatedOffer(Subscriber subscriber, String transaction, boolean restart)
            throws VideoRoomException {
        String offer;
        try {
            offer = media.offerSubscriber(new VideoRoomMedia.SubscriberOfferRequest(subscriber.room.id(),
                    subscriber.session.handle.handleId(), mediaStreams(subscriber), restart));
        } catch (MediaException e) {
            throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, e.getMessage());
        }
        subscriber.answered = false;
        ObjectNode event = obj();
        event.put("videoroom", "updated");
        event.put("room", subscriber.room.id());
        event.set("streams", VideoRoomJson.subscriberStreams(subscriber, false, null));
        push(subscriber.session, transaction, event, offerJsep(offer, restart));
    }

    private ObjectNode configureSubscriber(HandleSession session, Subscriber subscriber, String transaction,
            ObjectNode root, ObjectNode jsep) throws VideoRoomException {
        JsonParams.validate(root, CONFIGURE_PARAMS);
        if (subscriber.kicked) {
            throw new VideoRoomException(VideoRoomError.UNAUTHORIZED, "Unauthorized, you have been kicked");
        }
        JsonNode streams = root.get("streams");
        List<JsonNode> streamList = new ArrayList<>();
        if (streams == null) {
            ObjectNode s = obj();
            for (String k : List.of("mid", "send", "substream", "spatial_layer", "temporal_layer", "temporal",
                    "fallback", "min_delay", "max_delay")) {
                if (root.has(k)) {
                    s.set(k, root.get(k));
                }
            }
            streamList.add(s);
        } else {
            streams.forEach(streamList::add);
        }
        boolean flatAudio = JsonParams.has(root, "audio");
        boolean flatVideo = JsonParams.has(root, "video");
        boolean flatData = JsonParams.has(root, "data");
        for (JsonNode s : streamList) {
            JsonParams.validate(s, CONFIGURE_STREAM_PARAMS);
            String mid = JsonParams.text(s, "mid");
            if (mid == null && streamList.size() > 1) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid value (mid can't be null in a streams array)");
            } else if (mid != null && subscriber.streamByMid(mid) == null) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such mid '" + mid + "' in subscription");
            }
            if (mid != null) {
                flatAudio = flatVideo = flatData = false;
            }
            checkLayers(s);
        }
        for (JsonNode s : streamList) {
            String mid = JsonParams.text(s, "mid");
            for (SubscriberStream stream : subscriber.streams) {
                if (mid == null) {
                    if (flatAudio && stream.type == MediaType.AUDIO) {
                        stream.send = JsonParams.isTrue(root, "audio");
                    } else if (flatVideo && stream.type == MediaType.VIDEO) {
                        stream.send = JsonParams.isTrue(root, "video");
                    } else if (flatData && stream.type == MediaType.DATA) {
                        stream.send = JsonParams.isTrue(root, "data");
                    }
                } else if (!stream.mid.equalsIgnoreCase(mid)) {
                    continue;
                }
                if (JsonParams.has(s, "send")) {
                    stream.send = JsonParams.isTrue(s, "send");
                }
                if (stream.type == MediaType.VIDEO) {
                    applyTargets(s, stream);
                    applyDelays(s, stream);
                }
            }
        }
        media.updateSubscriber(session.handle.handleId(), mediaStreams(subscriber), subscriber.paused);
        ObjectNode event = event(subscriber.room.id());
        event.put("configured", "ok");
        boolean sdpUpdate = jsep != null && JsonParams.isTrue(jsep, "update");
        boolean restart = JsonParams.isTrue(root, "restart");
        boolean update = JsonParams.isTrue(root, "update");
        if (sdpUpdate || restart || update) {
            if (!subscriber.answered) {
                // Janus postpones the offer and, in that case, sends no event at all here.
                subscriber.pendingOffer = true;
                subscriber.pendingRestart = true;
                return null;
            }
            String offer;
            try {
                offer = media.offerSubscriber(new VideoRoomMedia.SubscriberOfferRequest(subscriber.room.id(),
                        session.handle.handleId(), mediaStreams(subscriber), restart));
            } catch (MediaException e) {
                throw new VideoRoomException(VideoRoomError.UNKNOWN_ERROR, e.getMessage());
            }
            subscriber.answered = false;
            push(session, transaction, event, offerJsep(offer, restart));
            return null;
        }
        return event;
    }

    private void switchSubscriber(HandleSession session, Subscriber subscriber, String transaction,
            ObjectNode root) throws VideoRoomException {
        JsonParams.validate(root, opt("streams", ARRAY));
        Room room = subscriber.room;
        if (room.destroyed) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_ROOM, "No such room ");
        }
        JsonNode feeds = root.get("streams");
        List<JsonNode> feedList = new ArrayList<>();
        if (feeds == null || feeds.size() == 0) {
            // Deprecated "feed": switch every compatible m-line to this publisher.
            String feed = JsonParams.text(root, "feed");
            if (feed == null) {
                throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT,
                        "At least one between 'streams' and 'feed' must be specified");
            }
            Publisher publisher = startedFeed(room, feed);
            List<SubscriberStream> touched = new ArrayList<>();
            for (PublisherStream ps : publisher.streams) {
                for (SubscriberStream stream : subscriber.streams) {
                    if (stream.type == ps.type && !touched.contains(stream) && ps.type != MediaType.DATA
                            && Objects.equals(stream.codec, ps.codec)) {
                        touched.add(stream);
                        ObjectNode s = obj();
                        s.put("feed", publisher.id);
                        s.put("mid", ps.mid);
                        s.put("sub_mid", stream.mid);
                        feedList.add(s);
                        break;
                    }
                }
            }
        } else {
            feeds.forEach(feedList::add);
        }
        if (feedList.isEmpty()) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Empty switch list");
        }
        for (JsonNode s : feedList) {
            JsonParams.validate(s, SWITCH_UPDATE_PARAMS);
            JsonParams.validate(s, FEED);
            Publisher publisher = startedFeed(room, JsonParams.text(s, "feed"));
            String mid = JsonParams.text(s, "mid");
            if (publisher.streamByMid(mid) == null) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                        "No such mid '" + mid + "' in feed (" + publisher.id + ")");
            }
        }
        int changes = 0;
        boolean renegotiate = false;
        for (JsonNode s : feedList) {
            SubscriberStream stream = subscriber.streamByMid(JsonParams.text(s, "sub_mid"));
            if (stream == null) {
                continue;
            }
            Publisher publisher = room.participants.get(JsonParams.text(s, "feed"));
            if (publisher == null || publisher.session.destroyed || !publisher.session.started) {
                continue;
            }
            PublisherStream ps = publisher.streamByMid(JsonParams.text(s, "mid"));
            if (ps == null || stream.sources.contains(ps) || stream.type != ps.type) {
                continue;
            }
            if (stream.type != MediaType.DATA && !Objects.equals(stream.codec, ps.codec)) {
                continue;
            }
            changes++;
            if (stream.sources.isEmpty()) {
                // The m-line was inactive: it needs a renegotiation to carry media again.
                renegotiate = true;
            } else {
                PublisherStream old = stream.sources.get(0);
                stream.sources.remove(old);
                old.subscribers.remove(stream);
            }
            link(stream, ps);
            stream.substreamTarget = 2;
            stream.temporalTarget = 2;
            stream.spatialTarget = 1;
            stream.temporalLayerTarget = 2;
            if (ps.type == MediaType.VIDEO) {
                media.requestKeyframe(publisher.session.handle.handleId(), ps.mid);
            }
        }
        media.updateSubscriber(session.handle.handleId(), mediaStreams(subscriber), subscriber.paused);
        ObjectNode event = obj();
        event.put("videoroom", "event");
        event.put("switched", "ok");
        event.put("room", room.id());
        event.put("changes", changes);
        event.set("streams", VideoRoomJson.subscriberStreams(subscriber, false, null));
        push(session, transaction, event, null);
        if (renegotiate) {
            if (!subscriber.answered) {
                subscriber.pendingOffer = true;
            } else {
                sendUpdatedOffer(subscriber, transaction, false);
            }
        }
    }

    /** A subscriber's JSEP answer: mark streams ready, then send any postponed offer. */
    private void subscriberAnswered(Subscriber subscriber, String sdp) {
        HandleSession session = subscriber.session;
        session.hangingUp = false;
        try {
            Set<String> accepted = media.applySubscriberAnswer(session.handle.handleId(), sdp);
            for (SubscriberStream s : subscriber.streams) {
                if (accepted.contains(s.mid)) {
                    s.ready = true;
                }
            }
        } catch (MediaException e) {
            LOG.log(System.Logger.Level.WARNING, "Subscriber answer on handle " + session.handle.handleId()
                    + " not applied: " + e.getMessage());
            return;
        }
        if (subscriber.pendingOffer) {
            subscriber.pendingOffer = false;
            boolean restart = subscriber.pendingRestart;
            subscriber.pendingRestart = false;
            try {
                sendUpdatedOffer(subscriber, null, restart);
            } catch (VideoRoomException e) {
                push(session, null, error(e), null);
            }
        } else {
            subscriber.answered = true;
        }
    }

    // ------------------------------------------------------------------ leaving, hangup, events

    /** {@code janus_videoroom_hangup_media_internal}. */
    private void hangupInternal(HandleSession session) {
        session.started = false;
        if (session.hangingUp) {
            return;
        }
        session.hangingUp = true;
        try {
            if (session.kind == HandleSession.Kind.PUBLISHER && session.publisher != null) {
                Publisher p = session.publisher;
                // janus_videoroom_hangup_media_internal: the recorders close, the filename is forgotten,
                // recording_active stays (a new publish records again).
                stopRecording(p);
                p.recordingBase = null;
                p.audioCodec = null;
                p.videoCodec = null;
                p.e2ee = false;
                Set<Subscriber> affected = new LinkedHashSet<>();
                for (PublisherStream ps : p.streams) {
                    for (SubscriberStream ss : new ArrayList<>(ps.subscribers)) {
                        if (ss.type != MediaType.DATA) {
                            affected.add(ss.subscriber);
                        }
                        unlink(ss, ps);
                    }
                }
                p.streams.clear();
                media.closePublisher(session.handle.handleId());
                for (Subscriber s : affected) {
                    if (s.session.destroyed) {
                        continue;
                    }
                    if (!s.answered) {
                        s.pendingOffer = true;
                        continue;
                    }
                    try {
                        sendUpdatedOffer(s, null, false);
                    } catch (VideoRoomException e) {
                        LOG.log(System.Logger.Level.WARNING, "No new offer for subscriber "
                                + s.session.handle.handleId() + ": " + e.reason());
                    }
                }
                leaveOrUnpublish(p, false, false);
            } else if (session.kind == HandleSession.Kind.SUBSCRIBER && session.subscriber != null) {
                Subscriber s = session.subscriber;
                s.paused = true;
                s.answered = false;
                s.pendingOffer = false;
                s.pendingRestart = false;
                unlinkAll(s);
                s.streams.clear();
                media.closeSubscriber(session.handle.handleId());
            }
        } finally {
            session.hangingUp = false;
        }
    }

    /**
     * {@code janus_videoroom_leave_or_unpublish}: tells the others ({@code leaving},
     * {@code kicked} or {@code unpublished}); when leaving, removes the participant and, with
     * {@code remove_empty_rooms}, the room once empty (Wildfire, no {@code destroyed} event).
     */
    private void leaveOrUnpublish(Publisher participant, boolean leaving, boolean kicked) {
        if (leaving) {
            // Its PeerConnection may live on until the client hangs up, but it is no longer in the room.
            stopRecording(participant);
        }
        Room room = participant.room;
        if (room == null || room.destroyed || rooms.get(room.id()) != room) {
            return;
        }
        ObjectNode event = event(participant.roomId);
        event.put(leaving ? (kicked ? "kicked" : "leaving") : "unpublished", participant.id);
        notifyParticipants(participant, event, false);
        if (leaving) {
            room.participants.remove(participant.id);
            room.privateIds.remove(participant.privateId);
            participant.room = null;
            if (settings.removeEmptyRooms() && room.participants.isEmpty()) {
                rooms.remove(room.id());
                room.destroyed = true;
                LOG.log(System.Logger.Level.INFO, "VideoRoom " + room.id() + " has no participant any more, removed");
                listener.onRoomRemoved(room.id(), false);
            }
        }
    }

    // ------------------------------------------------------------------ recording

    /**
     * {@code janus_videoroom_recorder_create} for each stream of {@code p}: a stream not recorded yet gets
     * a recording (audio and video with a codec; data channels are not relayed, so there is nothing to
     * record); a recorded stream that was renegotiated goes on in its file ({@code sourceChanged}) unless it
     * was disabled or changed codec, which ends its file (and starts a new one for the new codec).
     *
     * @param renegotiated the publisher's offer renegotiated a PeerConnection it had already
     * @param keyframes    ask for a keyframe on each video stream that starts recording (Janus does when
     *                     recording starts on a live publisher: {@code configure}, {@code enable_recording})
     */
    private void recordStreams(Publisher p, boolean renegotiated, boolean keyframes) {
        long handleId = p.session.handle.handleId();
        for (PublisherStream ps : p.streams) {
            boolean recordable = !ps.disabled && ps.codec != null && ps.type != MediaType.DATA;
            if (ps.recording) {
                if (recordable && ps.codec.equals(ps.recordedCodec) && ps.mid.equals(ps.recordedMid)) {
                    if (renegotiated) {
                        media.recordingSourceChanged(handleId, ps.mid);
                    }
                    continue;
                }
                stopRecording(ps);
            }
            if (!recordable) {
                continue;
            }
            ps.recording = media.startRecording(new VideoRoomMedia.RecordingRequest(p.roomId, p.id, handleId, ps.mid,
                    ps.type, ps.mindex, ps.codec, ps.description, p.room == null ? null : p.room.settings.recDir(),
                    p.recordingBase, p.e2ee));
            ps.recordedCodec = ps.recording ? ps.codec : null;
            ps.recordedMid = ps.recording ? ps.mid : null;
            if (ps.recording && keyframes && ps.type == MediaType.VIDEO) {
                media.requestKeyframe(handleId, ps.mid);
            }
        }
    }

    /** {@code janus_videoroom_recorder_close}: every recording of {@code p} ends (files closed and renamed). */
    private void stopRecording(Publisher p) {
        for (PublisherStream ps : p.streams) {
            if (ps.recording) {
                stopRecording(ps);
            }
        }
    }

    private void stopRecording(PublisherStream ps) {
        media.stopRecording(ps.publisher.session.handle.handleId(), ps.recordedMid);
        ps.recording = false;
        ps.recordedCodec = null;
        ps.recordedMid = null;
    }

    /** {@code janus_videoroom_notify_about_publisher}: the {@code publishers} event. */
    private void notifyAboutPublisher(Publisher p) {
        if (p.room == null || p.room.destroyed) {
            return;
        }
        ObjectNode pub = event(p.roomId);
        pub.putArray("publishers").add(VideoRoomJson.publisherEntry(p, StreamView.NOTIFY));
        notifyParticipants(p, pub, false);
    }

    /**
     * {@code janus_videoroom_notify_participants}. In {@code pb_message} rooms the Wildfire fork
     * pushes ONE event carrying {@code "combine_session":[session ids]} through one participant's
     * handle, and tries a second and a third handle if that push fails
     * (wildfire-protocol.md §2 item 4). A push fails when the handle is gone or the core throws.
     * Session ids appear once even if a session has several participants in the room.
     */
    private void notifyParticipants(Publisher source, ObjectNode msg, boolean notifySource) {
        Room room = source.room;
        if (room == null || room.destroyed) {
            return;
        }
        List<Publisher> targets = new ArrayList<>();
        for (Publisher p : room.participants.values()) {
            if (!p.session.destroyed && (p != source || notifySource)) {
                targets.add(p);
            }
        }
        if (!room.settings.pbMessage()) {
            for (Publisher p : targets) {
                push(p.session, null, msg.deepCopy(), null);
            }
            return;
        }
        if (targets.isEmpty()) {
            return;
        }
        ObjectNode combined = msg.deepCopy();
        ArrayNode ids = combined.putArray("combine_session");
        Set<Long> seen = new LinkedHashSet<>();
        for (Publisher p : targets) {
            if (seen.add(p.session.handle.sessionId())) {
                ids.add(p.session.handle.sessionId());
            }
        }
        int attempts = 0;
        for (Publisher p : targets) {
            if (attempts == 3) {
                break;
            }
            attempts++;
            if (tryPush(p.session, combined.deepCopy())) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "Room " + room.id() + ": combined event not delivered after "
                + attempts + " attempts");
    }

    private boolean tryPush(HandleSession session, ObjectNode data) {
        if (!session.handle.isAlive()) {
            return false;
        }
        try {
            session.handle.pushEvent(null, data, null);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Push to handle " + session.handle.handleId() + " failed: " + e);
            return false;
        }
    }

    private void push(HandleSession session, String transaction, ObjectNode data, ObjectNode jsep) {
        try {
            session.handle.pushEvent(transaction, data, jsep);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Push to handle " + session.handle.handleId() + " failed: " + e);
        }
    }

    private static ObjectNode offerJsep(String sdp, boolean restart) {
        ObjectNode jsep = obj();
        jsep.put("type", "offer");
        jsep.put("sdp", sdp);
        if (restart) {
            jsep.put("restart", true);
        }
        return jsep;
    }

    private static List<VideoRoomMedia.SubscribedStream> mediaStreams(Subscriber s) {
        List<VideoRoomMedia.SubscribedStream> out = new ArrayList<>();
        for (SubscriberStream st : s.streams) {
            PublisherStream ps = st.source();
            out.add(new VideoRoomMedia.SubscribedStream(st.mindex, st.mid, st.type, st.codec,
                    ps == null ? null : ps.publisher.id, ps == null ? null : ps.mid,
                    ps == null ? 0 : ps.publisher.session.handle.handleId(), st.send && !s.kicked, st.substreamTarget,
                    st.temporalTarget, st.spatialTarget, st.temporalLayerTarget, st.fallback));
        }
        return out;
    }

    private static List<VideoRoomMedia.PublisherStreamState> publisherStates(Publisher p) {
        List<VideoRoomMedia.PublisherStreamState> out = new ArrayList<>();
        for (PublisherStream ps : p.streams) {
            out.add(new VideoRoomMedia.PublisherStreamState(ps.mid, ps.active, ps.muted));
        }
        return out;
    }

    /** {@code janus_random_uuid}: a random (version 4) UUID from the injected generator. */
    private String randomUuid() {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
