package io.github.wildfiresfu.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusErrorCode;
import io.github.wildfiresfu.janus.JsonFormat;
import java.security.SecureRandom;

/**
 * Janus-shaped messages the transports produce themselves, without the core: errors about the
 * transport level (bad path, oversize body, unsupported method), long-poll keepalives and the
 * transactions of requests the HTTP transport synthesizes ({@code GET /info}).
 */
final class JanusErrors {

    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private JanusErrors() {
    }

    /**
     * {@code {"janus":"error","session_id"?,"transaction"?,"error":{"code","reason"}}}, the shape
     * of {@code janus_http_return_error} and {@code janus_process_error} ({@code src/janus.c}).
     */
    static ObjectNode error(JanusErrorCode code, String reason, long sessionId, String transaction) {
        ObjectNode reply = JsonFormat.MAPPER.createObjectNode();
        reply.put("janus", "error");
        if (sessionId > 0) {
            reply.put("session_id", sessionId);
        }
        if (transaction != null) {
            reply.put("transaction", transaction);
        }
        ObjectNode error = reply.putObject("error");
        error.put("code", code.code());
        error.put("reason", reason);
        return reply;
    }

    static ObjectNode error(JanusErrorCode code, String reason) {
        return error(code, reason, 0, null);
    }

    /** What an idle long poll answers: {@code {"janus":"keepalive"}} ({@code janus_http_timeout}). */
    static ObjectNode keepalive() {
        return JsonFormat.MAPPER.createObjectNode().put("janus", "keepalive");
    }

    /** A transaction for a request the transport makes up, as {@code janus_http_random_string}. */
    static String randomTransaction() {
        char[] out = new char[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length()));
        }
        return new String(out);
    }
}
