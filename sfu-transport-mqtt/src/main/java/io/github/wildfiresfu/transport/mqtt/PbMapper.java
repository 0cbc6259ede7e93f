package io.github.wildfiresfu.transport.mqtt;

import cn.wildfirechat.proto.WFCConferenceData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import io.github.wildfiresfu.janus.JsonFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a Janus JSON message into the protobuf message and topic the Wildfire fork sends in PB
 * mode (wildfire-protocol.md §1.6; {@code janus_process_incoming_request},
 * {@code sendPbJanusSuccess}, {@code janus_process_ack} and {@code janus_plugin_push_event} in the
 * fork's {@code src/janus.c}, the ICE events in {@code src/ice.c}).
 *
 * <p>Which request a {@code success} answers decides its form: with {@code plugindata} it is the
 * synchronous answer of a plugin {@code message} ({@code PluginSuccess} on {@code p_success});
 * for {@code create}, {@code attach}, {@code destroy}, {@code detach} and {@code hangup} it is a
 * {@code JanusSuccess} on {@code j_success} (with {@code id} = {@code data.id} when present). The
 * {@code success} of {@code claim} and everything else not listed (errors, {@code timeout},
 * {@code server_info}, {@code pong}) is not mapped: {@link #map} returns null and the message
 * stays JSON on {@code from-janus}.
 *
 * <p>Plugin data goes as JSON text in Jansson's {@code JSON_INDENT(0)} form, which is
 * {@link JsonFormat#PLAIN}, whatever the {@code json} setting (the fork hard-codes it). Janus
 * booleans become int32 0/1. The plugin name, the {@code opaque_id} of events and the JSEP's
 * {@code e2ee} flag are not in the schema and are dropped, as in the fork. Stateless.
 */
final class PbMapper {

    /** Requests whose {@code success} the fork sends as {@code JanusSuccess}. */
    static final Set<String> JANUS_SUCCESS_VERBS = Set.of("create", "attach", "destroy", "detach", "hangup");

    private PbMapper() {
    }

    /** A protobuf message and its topic (before the {@code zip} prefix of large payloads). */
    record Mapped(String topic, MessageLite message) {
    }

    /**
     * The PB form of {@code message}, or null when the fork sends it as JSON.
     *
     * @param requestVerb the {@code janus} verb of the request this is the reply to (lower case),
     *                    or null for asynchronous messages
     * @throws com.google.protobuf.UninitializedMessageException when a field the schema requires is
     *         missing from the JSON; callers fall back to JSON
     */
    static Mapped map(ObjectNode message, String requestVerb) {
        String kind = message.path("janus").asText("");
        switch (kind) {
            case "success":
                return success(message, requestVerb);
            case "ack": {
                WFCConferenceData.Ack.Builder b = WFCConferenceData.Ack.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                text(message, "transaction", b::setTransaction);
                text(message, "hint", b::setHint);
                return new Mapped("ack", b.build());
            }
            case "event":
                return event(message);
            case "trickle":
                return trickle(message);
            case "media": {
                WFCConferenceData.Media.Builder b = WFCConferenceData.Media.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                integer(message, "sender", b::setSender);
                text(message, "opaque_id", b::setOpaqueId);
                text(message, "mid", b::setMid);
                text(message, "type", t -> b.setTypeVideo("video".equals(t) ? 1 : 0));
                integer(message, "substream", v -> b.setSubstream((int) v));
                flag(message, "receiving", b::setReceiving);
                integer(message, "seconds", v -> b.setSeconds((int) v));
                return new Mapped("media", b.build());
            }
            case "slowlink": {
                WFCConferenceData.Slowlink.Builder b = WFCConferenceData.Slowlink.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                integer(message, "sender", b::setSender);
                text(message, "opaque_id", b::setOpaqueId);
                text(message, "mid", b::setMid);
                text(message, "media", m -> b.setMediaVideo("video".equals(m) ? 1 : 0));
                flag(message, "uplink", b::setUplink);
                integer(message, "lost", v -> b.setLost((int) v));
                return new Mapped("slowlink", b.build());
            }
            case "hangup": {
                WFCConferenceData.Hangup.Builder b = WFCConferenceData.Hangup.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                integer(message, "sender", b::setSender);
                text(message, "opaque_id", b::setOpaqueId);
                text(message, "reason", b::setReason);
                return new Mapped("hangup", b.build());
            }
            case "webrtcup": {
                WFCConferenceData.Webrtcup.Builder b = WFCConferenceData.Webrtcup.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                integer(message, "sender", b::setSender);
                text(message, "opaque_id", b::setOpaqueId);
                return new Mapped("webrtcup", b.build());
            }
            case "ice-failed": {
                WFCConferenceData.Icefailed.Builder b = WFCConferenceData.Icefailed.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                integer(message, "sender", b::setSender);
                text(message, "opaque_id", b::setOpaqueId);
                return new Mapped("ice-failed", b.build());
            }
            case "detached": {
                WFCConferenceData.Detached.Builder b = WFCConferenceData.Detached.newBuilder()
                        .setSessionId(message.path("session_id").asLong(0));
                integer(message, "sender", b::setSender);
                text(message, "opaque_id", b::setOpaqueId);
                return new Mapped("detached", b.build());
            }
            default:
                return null;
        }
    }

    private static Mapped success(ObjectNode message, String requestVerb) {
        JsonNode pluginData = message.get("plugindata");
        if (pluginData != null && pluginData.isObject()) {
            WFCConferenceData.PluginSuccess.Builder b = WFCConferenceData.PluginSuccess.newBuilder()
                    .setSessionId(message.path("session_id").asLong(0));
            text(message, "transaction", b::setTransaction);
            integer(message, "sender", b::setSender);
            text(message, "opaque_id", b::setOpaqueId);
            JsonNode data = pluginData.get("data");
            if (data != null) {
                b.setData(JsonFormat.PLAIN.write(data));
            }
            return new Mapped("p_success", b.build());
        }
        if (requestVerb == null || !JANUS_SUCCESS_VERBS.contains(requestVerb.toLowerCase(Locale.ROOT))) {
            return null;
        }
        // The fork always writes session_id (0 for create) and id only when positive.
        WFCConferenceData.JanusSuccess.Builder b = WFCConferenceData.JanusSuccess.newBuilder()
                .setSessionId(message.path("session_id").asLong(0));
        text(message, "transaction", b::setTransaction);
        long id = message.path("data").path("id").asLong(0);
        if (id > 0) {
            b.setId(id);
        }
        return new Mapped("j_success", b.build());
    }

    private static Mapped event(ObjectNode message) {
        JsonNode pluginData = message.get("plugindata");
        if (pluginData == null || !pluginData.isObject() || pluginData.get("data") == null) {
            return null;
        }
        WFCConferenceData.JanusPluginData.Builder b = WFCConferenceData.JanusPluginData.newBuilder()
                .setJanus("event")
                .setSessionId(message.path("session_id").asLong(0))
                .setPluginData(WFCConferenceData.PluginData.newBuilder()
                        .setData(JsonFormat.PLAIN.write(pluginData.get("data"))));
        integer(message, "sender", b::setSender);
        text(message, "transaction", b::setTransaction);
        JsonNode jsep = message.get("jsep");
        if (jsep != null && jsep.path("type").isTextual() && jsep.path("sdp").isTextual()) {
            b.setJsep(WFCConferenceData.Jsep.newBuilder()
                    .setType(jsep.get("type").textValue())
                    .setSdp(jsep.get("sdp").textValue()));
        }
        return new Mapped("event", b.build());
    }

    private static Mapped trickle(ObjectNode message) {
        WFCConferenceData.Trickle.Builder b = WFCConferenceData.Trickle.newBuilder()
                .setSessionId(message.path("session_id").asLong(0));
        integer(message, "sender", b::setSender);
        text(message, "opaque_id", b::setOpaqueId);
        JsonNode candidate = message.get("candidate");
        if (candidate instanceof ObjectNode c) {
            WFCConferenceData.Candidate.Builder cb = WFCConferenceData.Candidate.newBuilder();
            text(c, "sdpMid", cb::setSdpMid);
            integer(c, "sdpMLineIndex", v -> cb.setSdpMLineIndex((int) v));
            text(c, "candidate", cb::setCandidate);
            if (c.has("completed")) {
                flag(c, "completed", cb::setCompleted);
            }
            b.setCandidate(cb);
        }
        return new Mapped("trickle", b.build());
    }

    private interface LongSetter {
        void set(long value);
    }

    private interface IntSetter {
        void set(int value);
    }

    private interface TextSetter {
        void set(String value);
    }

    private static void text(JsonNode node, String field, TextSetter setter) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual()) {
            setter.set(v.textValue());
        }
    }

    private static void integer(JsonNode node, String field, LongSetter setter) {
        JsonNode v = node.get(field);
        if (v != null && v.isIntegralNumber()) {
            setter.set(v.longValue());
        }
    }

    /** A Janus boolean as the fork's int32 0/1 (a number is taken as non-zero = 1). */
    private static void flag(JsonNode node, String field, IntSetter setter) {
        JsonNode v = node.get(field);
        if (v == null) {
            return;
        }
        if (v.isBoolean()) {
            setter.set(v.booleanValue() ? 1 : 0);
        } else if (v.isNumber()) {
            setter.set(v.asLong() != 0 ? 1 : 0);
        }
    }
}
