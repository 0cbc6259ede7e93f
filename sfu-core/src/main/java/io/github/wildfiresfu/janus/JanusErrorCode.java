package io.github.wildfiresfu.janus;

/**
 * Janus core API error codes, numerically identical to Janus's {@code apierror.h}.
 * Errors are rendered as {@code {"janus":"error","session_id"?,"transaction","error":{"code","reason"}}}.
 */
public enum JanusErrorCode {
    /** 403: {@code api_secret}/{@code token} missing or wrong. */
    UNAUTHORIZED(403),
    /** 405: the token may not attach to this plugin. */
    UNAUTHORIZED_PLUGIN(405),
    /** 450: transport-specific failure. */
    TRANSPORT_SPECIFIC(450),
    /** 452: no {@code janus} verb. */
    MISSING_REQUEST(452),
    /** 453: unknown {@code janus} verb. */
    UNKNOWN_REQUEST(453),
    /** 454: the body is not JSON. */
    INVALID_JSON(454),
    /** 455: the body is JSON but not an object. */
    INVALID_JSON_OBJECT(455),
    /** 456: a mandatory element is missing. */
    MISSING_MANDATORY_ELEMENT(456),
    /** 457: the verb is not valid at this level (root, session or handle). */
    INVALID_REQUEST_PATH(457),
    /** 458: no such session. */
    SESSION_NOT_FOUND(458),
    /** 459: no such handle. */
    HANDLE_NOT_FOUND(459),
    /** 460: no such plugin. */
    PLUGIN_NOT_FOUND(460),
    /** 461: the plugin refused the attach. */
    PLUGIN_ATTACH(461),
    /** 462: the plugin could not handle the message. */
    PLUGIN_MESSAGE(462),
    /** 463: the plugin could not detach. */
    PLUGIN_DETACH(463),
    /** 464: JSEP type is neither offer nor answer. */
    JSEP_UNKNOWN_TYPE(464),
    /** 465: the SDP could not be parsed or applied. */
    JSEP_INVALID_SDP(465),
    /** 466: trickle for a stream that does not exist (sic, Janus spells it TRICKE). */
    TRICKE_INVALID_STREAM(466),
    /** 467: an element has the wrong JSON type. */
    INVALID_ELEMENT_TYPE(467),
    /** 468: a client-chosen session id is taken. */
    SESSION_CONFLICT(468),
    /** 469: an answer arrived when none was expected. */
    UNEXPECTED_ANSWER(469),
    /** 470: unknown token. */
    TOKEN_NOT_FOUND(470),
    /** 471: the request conflicts with the WebRTC state. */
    WEBRTC_STATE(471),
    /** 472: the server is not accepting new sessions. */
    NOT_ACCEPTING_SESSIONS(472),
    /** 490: anything else. */
    UNKNOWN(490);

    private final int code;

    JanusErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
