package io.github.wildfiresfu.transport.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.UninitializedMessageException;
import io.github.wildfiresfu.janus.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Puts one outgoing Janus message on the wire: JSON in the configured format on
 * {@code from-janus}, or, in PB mode and for the kinds {@link PbMapper} maps, protobuf on the
 * per-kind topic, gzip-compressed on {@code "zip" + topic} when the protobuf payload is over
 * 1024 bytes ({@code janus_mqtt_client_publish_message}; JSON is never compressed).
 * Thread-safe.
 */
final class MessageEncoder {

    /** PB payloads strictly larger than this are compressed. */
    static final int ZIP_THRESHOLD = 1024;
    /** Prefix of the topic of a compressed PB payload. */
    static final String ZIP_PREFIX = "zip";

    private static final System.Logger LOG = System.getLogger(MessageEncoder.class.getName());

    private final JsonFormat json;
    private final LongAdder pbFallbacks = new LongAdder();

    MessageEncoder(JsonFormat json) {
        this.json = json;
    }

    /** The wire form of one message. */
    record Encoded(String topic, byte[] payload, boolean pb, boolean zipped) {
    }

    /**
     * @param requestVerb the verb of the request {@code message} answers, null for events
     * @param pb          whether PB mode was on when the core handed the message over
     */
    Encoded encode(ObjectNode message, String requestVerb, boolean pb) {
        if (pb) {
            try {
                PbMapper.Mapped mapped = PbMapper.map(message, requestVerb);
                if (mapped != null) {
                    byte[] bytes = mapped.message().toByteArray();
                    if (bytes.length > ZIP_THRESHOLD) {
                        return new Encoded(ZIP_PREFIX + mapped.topic(), Gzip.compress(bytes), true, true);
                    }
                    return new Encoded(mapped.topic(), bytes, true, false);
                }
            } catch (UninitializedMessageException e) {
                // A field the schema requires is missing from the JSON: the IM could not decode
                // such bytes, so this one message goes as JSON instead.
                pbFallbacks.increment();
                LOG.log(System.Logger.Level.WARNING, "MQTT transport: cannot send a \"{0}\" message as protobuf"
                        + " ({1}); sending it as JSON", message.path("janus").asText(), e.getMessage());
            }
        }
        return new Encoded(MqttTransportSettings.PUBLISH_TOPIC, json.write(message).getBytes(StandardCharsets.UTF_8),
                false, false);
    }

    /** Messages that PB mode had to send as JSON because a required field was missing. */
    long pbFallbacks() {
        return pbFallbacks.sum();
    }
}
