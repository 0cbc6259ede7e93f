package io.github.wildfiresfu.transport.mqtt;

/**
 * A snapshot of the MQTT transport's state and counters (all counters since start).
 *
 * @param connected          whether the broker is connected now
 * @param broker             the broker last named by {@code /api/node} ({@code host:port}), null before the first answer
 * @param pbMode             whether PB mode is on
 * @param ownedSessions      Janus sessions created (or claimed) through this link and still alive
 * @param connections        successful MQTT connects
 * @param connectFailures    MQTT connect attempts that failed
 * @param disconnections     established connections that were lost
 * @param bootstrapFailures  rounds in which no IM host gave a usable {@code /api/node} answer
 * @param requestsReceived   MQTT messages received (any topic)
 * @param gzipRequests       of those, {@code zto} messages inflated
 * @param invalidRequests    messages dropped before the core: bad gzip, empty, or over the size limit
 * @param inboundDropped     messages dropped because the request queue was full
 * @param published          messages published
 * @param pbPublished        of those, protobuf ones
 * @param zipPublished       of those, gzip-compressed protobuf ones ({@code zip*} topics)
 * @param publishFailures    publishes the MQTT client failed (never retried, QoS 0)
 * @param droppedBufferFull  messages dropped because {@code max_buffered} (or the connected queue limit) was reached
 * @param pbFallbacks        PB-mode messages sent as JSON because a required PB field was missing
 * @param buffered           messages waiting now
 */
public record MqttTransportStats(
        boolean connected,
        String broker,
        boolean pbMode,
        int ownedSessions,
        long connections,
        long connectFailures,
        long disconnections,
        long bootstrapFailures,
        long requestsReceived,
        long gzipRequests,
        long invalidRequests,
        long inboundDropped,
        long published,
        long pbPublished,
        long zipPublished,
        long publishFailures,
        long droppedBufferFull,
        long pbFallbacks,
        int buffered) {
}
