package io.github.wildfiresfu.janus.videoroom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.MediaType;

/**
 * Builders of the VideoRoom JSON shapes, field for field and in the order Janus 1.1.2 writes them
 * ({@code src/plugins/janus_videoroom.c}). Optional fields are omitted, never null.
 */
final class VideoRoomJson {

    /** Which of Janus's three stream-info builders to imitate; they differ in small ways. */
    enum StreamView {
        /** The {@code streams} of a publisher's own {@code configured}/{@code joined} answer. */
        OWN,
        /** The {@code publishers} event ({@code janus_videoroom_notify_about_publisher}). */
        NOTIFY,
        /** The {@code publishers} list of {@code joined}: adds {@code talking}, moderation of any kind. */
        JOINED,
        /** Wildfire's {@code listparticipants} streams. */
        PARTICIPANTS
    }

    private VideoRoomJson() {
    }

    static ObjectNode obj() {
        return JsonFormat.MAPPER.createObjectNode();
    }

    static ObjectNode error(VideoRoomException e) {
        ObjectNode o = obj();
        o.put("videoroom", "event");
        o.put("error_code", e.error().code());
        o.put("error", e.reason());
        return o;
    }

    static ObjectNode event(String roomId) {
        ObjectNode o = obj();
        o.put("videoroom", "event");
        o.put("room", roomId);
        return o;
    }

    /** One publisher entry: {@code {id, display?, dummy?, audio_codec?, video_codec?, streams, talking?}}. */
    static ObjectNode publisherEntry(Publisher p, StreamView view) {
        ObjectNode pl = obj();
        pl.put("id", p.id);
        if (p.display != null) {
            pl.put("display", p.display);
        }
        ArrayNode streams = JsonFormat.MAPPER.createArrayNode();
        boolean audioAdded = false;
        boolean videoAdded = false;
        boolean talkingFound = false;
        boolean talking = false;
        for (PublisherStream ps : p.streams) {
            streams.add(streamInfo(ps, view));
            if (ps.disabled) {
                continue;
            }
            // Janus keeps the codec of the first audio and video stream at the top level
            // "for backwards compatibility" (FIXME comments in janus_videoroom.c).
            if (ps.type == MediaType.AUDIO && !audioAdded && view != StreamView.PARTICIPANTS) {
                audioAdded = true;
                pl.put("audio_codec", ps.codec);
            } else if (ps.type == MediaType.VIDEO && !videoAdded && view != StreamView.PARTICIPANTS) {
                videoAdded = true;
                pl.put("video_codec", ps.codec);
            }
            if (ps.type == MediaType.AUDIO && ps.audioLevelExt) {
                talkingFound = true;
                talking |= ps.talking;
            }
        }
        pl.set("streams", streams);
        if (view == StreamView.JOINED && talkingFound) {
            pl.put("talking", talking);
        }
        return pl;
    }

    /** One stream of a publisher, as the given builder of Janus writes it. */
    static ObjectNode streamInfo(PublisherStream ps, StreamView view) {
        ObjectNode info = obj();
        info.put("type", ps.type.wireName());
        info.put("mindex", ps.mindex);
        info.put("mid", ps.mid);
        if (ps.disabled) {
            info.put("disabled", true);
            return info;
        }
        if (ps.description != null) {
            info.put("description", ps.description);
        }
        if (ps.type == MediaType.AUDIO) {
            info.put("codec", ps.codec);
            if (view != StreamView.PARTICIPANTS && "opus".equals(ps.codec)) {
                if (ps.opusStereo) {
                    info.put("stereo", true);
                }
                if (ps.opusFec) {
                    info.put("fec", true);
                }
                if (ps.opusDtx) {
                    info.put("dtx", true);
                }
            }
            if (view == StreamView.JOINED && ps.audioLevelExt) {
                info.put("talking", ps.talking);
            }
        } else if (ps.type == MediaType.VIDEO) {
            info.put("codec", ps.codec);
            if (view != StreamView.PARTICIPANTS) {
                if ("h264".equals(ps.codec) && ps.h264Profile != null) {
                    info.put("h264_profile", ps.h264Profile);
                } else if ("vp9".equals(ps.codec) && ps.vp9Profile != null) {
                    info.put("vp9_profile", ps.vp9Profile);
                }
            }
            if ((view == StreamView.NOTIFY || view == StreamView.PARTICIPANTS) && ps.muted) {
                info.put("moderated", true);
            }
            if (ps.simulcast) {
                info.put("simulcast", true);
            }
            if (ps.svc) {
                info.put("svc", true);
            }
        }
        if ((view == StreamView.JOINED || (view == StreamView.PARTICIPANTS && ps.type != MediaType.VIDEO)) && ps.muted) {
            info.put("moderated", true);
        }
        return info;
    }

    /** {@code janus_videoroom_subscriber_streams_summary}. */
    static ArrayNode subscriberStreams(Subscriber s, boolean legacy, ObjectNode event) {
        ArrayNode media = JsonFormat.MAPPER.createArrayNode();
        for (SubscriberStream stream : s.streams) {
            PublisherStream ps = stream.source();
            ObjectNode m = obj();
            m.put("type", stream.type.wireName());
            m.put("active", ps != null || stream.type == MediaType.DATA);
            m.put("mindex", stream.mindex);
            m.put("mid", stream.mid);
            if (stream.crossrefid != null) {
                m.put("crossrefid", stream.crossrefid);
            }
            m.put("ready", stream.ready);
            m.put("send", stream.send);
            if (ps != null && stream.type == MediaType.DATA) {
                m.put("sources", stream.sources.size());
                ArrayNode ids = m.putArray("source_ids");
                for (PublisherStream dps : stream.sources) {
                    ids.add(dps.publisher.id);
                }
            } else if (ps != null) {
                m.put("feed_id", ps.publisher.id);
                if (ps.publisher.display != null) {
                    m.put("feed_display", ps.publisher.display);
                }
                if (legacy && event != null) {
                    event.put("id", ps.publisher.id);
                    if (ps.publisher.display != null) {
                        event.put("display", ps.publisher.display);
                    }
                }
                m.put("feed_mid", ps.mid);
                if (ps.description != null) {
                    m.put("feed_description", ps.description);
                }
                m.put("codec", stream.codec);
                if (stream.type == MediaType.VIDEO) {
                    if ("h264".equals(stream.codec) && stream.h264Profile != null) {
                        m.put("h264-profile", stream.h264Profile);
                    }
                    if ("vp9".equals(stream.codec) && stream.vp9Profile != null) {
                        m.put("vp9-profile", stream.vp9Profile);
                    }
                    if (stream.minDelay > -1 && stream.maxDelay > -1) {
                        ObjectNode pd = m.putObject("playout-delay");
                        pd.put("min-delay", stream.minDelay);
                        pd.put("max-delay", stream.maxDelay);
                    }
                }
                if (ps.simulcast) {
                    ObjectNode sim = m.putObject("simulcast");
                    // The current layers as the media engine last reported them; -1 is Janus's
                    // "nothing relayed yet" value.
                    sim.put("substream", stream.substream);
                    sim.put("substream-target", stream.substreamTarget);
                    sim.put("temporal-layer", stream.temporal);
                    sim.put("temporal-layer-target", stream.temporalTarget);
                    if (stream.fallback > 0) {
                        sim.put("fallback", stream.fallback);
                    }
                }
                if (ps.svc) {
                    ObjectNode svc = m.putObject("svc");
                    svc.put("spatial-layer", -1);
                    svc.put("target-spatial-layer", stream.spatialTarget);
                    svc.put("temporal-layer", -1);
                    svc.put("target-temporal-layer", stream.temporalLayerTarget);
                }
            }
            media.add(m);
        }
        return media;
    }

    /** One entry of {@code list}, fields in Janus's order. */
    static ObjectNode roomEntry(Room room) {
        RoomSettings r = room.settings;
        ObjectNode rl = obj();
        rl.put("room", r.room());
        rl.put("description", r.description());
        rl.put("pin_required", r.pin() != null);
        rl.put("is_private", r.isPrivate());
        rl.put("max_publishers", r.publishers());
        rl.put("bitrate", r.bitrate());
        if (r.bitrateCap()) {
            rl.put("bitrate_cap", true);
        }
        rl.put("fir_freq", r.firFreq());
        rl.put("require_pvtid", r.requirePvtid());
        rl.put("require_e2ee", r.requireE2ee());
        rl.put("dummy_publisher", r.dummyPublisher());
        rl.put("notify_joining", r.notifyJoining());
        rl.put("audiocodec", String.join(",", r.audioCodecs()));
        rl.put("videocodec", String.join(",", r.videoCodecs()));
        if (r.opusFec()) {
            rl.put("opus_fec", true);
        }
        if (r.opusDtx()) {
            rl.put("opus_dtx", true);
        }
        if (r.videoSvc()) {
            rl.put("video_svc", true);
        }
        rl.put("record", r.record());
        if (r.recDir() != null) {
            rl.put("rec_dir", r.recDir());
        }
        rl.put("lock_record", r.lockRecord());
        rl.put("num_participants", room.participants.size());
        rl.put("audiolevel_ext", r.audiolevelExt());
        rl.put("audiolevel_event", r.audiolevelEvent());
        if (r.audiolevelEvent()) {
            rl.put("audio_active_packets", r.audioActivePackets());
            rl.put("audio_level_average", r.audioLevelAverage());
        }
        rl.put("videoorient_ext", r.videoorientExt());
        rl.put("playoutdelay_ext", r.playoutdelayExt());
        rl.put("transport_wide_cc_ext", r.transportWideCcExt());
        return rl;
    }
}
