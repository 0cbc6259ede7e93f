package io.github.wildfiresfu.transport.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.wildfiresfu.janus.JsonFormat;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads the {@code janus} verb of a request without building its tree. PB mode needs it: the
 * fork answers {@code create}/{@code attach}/{@code destroy}/{@code detach}/{@code hangup} with a
 * PB {@code JanusSuccess} but {@code claim} with JSON, and the two replies look alike. The core
 * still parses the request itself (it gets the text, so its reply comes back through the
 * callback form of {@code JanusApi.handle}, which keeps reply-before-event order).
 */
final class RequestVerb {

    private RequestVerb() {
    }

    /**
     * The top-level {@code janus} string of {@code body} in lower case (Janus compares verbs with
     * {@code strcasecmp}); the last one if repeated, as a parsed tree keeps; null when the body is
     * not a JSON object or has no string {@code janus}.
     */
    static String peek(String body) {
        String verb = null;
        try (JsonParser p = JsonFormat.MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("janus".equals(name)) {
                    verb = value == JsonToken.VALUE_STRING ? p.getText().toLowerCase(Locale.ROOT) : null;
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON: the core answers it with error 454.
            return null;
        }
        return verb;
    }
}
