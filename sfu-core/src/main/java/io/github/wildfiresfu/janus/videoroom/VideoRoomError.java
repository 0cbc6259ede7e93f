package io.github.wildfiresfu.janus.videoroom;

/**
 * VideoRoom plugin error codes, numerically identical to the {@code JANUS_VIDEOROOM_ERROR_*}
 * macros of Janus 1.1.2 ({@code src/plugins/janus_videoroom.c}). They are sent to clients as
 * {@code {"videoroom":"event","error_code":N,"error":"..."}}.
 */
public enum VideoRoomError {
    /** 499: anything else, including "WebRTC media is not available". */
    UNKNOWN_ERROR(499),
    /** 421: the message had no body. */
    NO_MESSAGE(421),
    /** 422: the body is not a JSON object. */
    INVALID_JSON(422),
    /** 423: unknown {@code request}. */
    INVALID_REQUEST(423),
    /** 424: a participant request on a handle that has not joined. */
    JOIN_FIRST(424),
    /** 425: {@code join} on a handle that already joined. */
    ALREADY_JOINED(425),
    /** 426: no such room. */
    NO_SUCH_ROOM(426),
    /** 427: {@code create} of a room id that exists. */
    ROOM_EXISTS(427),
    /** 428: no such feed, user, mid or stream. */
    NO_SUCH_FEED(428),
    /** 429: a mandatory element is missing. */
    MISSING_ELEMENT(429),
    /** 430: an element has the wrong type or value (string ids: an integer id is wrong). */
    INVALID_ELEMENT(430),
    /** 431: JSEP type neither offer nor answer, or an offer from a subscriber. */
    INVALID_SDP_TYPE(431),
    /** 432: the room already has its maximum number of active publishers. */
    PUBLISHERS_FULL(432),
    /** 433: wrong secret, pin, token or private_id; kicked. */
    UNAUTHORIZED(433),
    /** 434: {@code publish} while already publishing. */
    ALREADY_PUBLISHED(434),
    /** 435: {@code unpublish} while not publishing. */
    NOT_PUBLISHED(435),
    /** 436: {@code join} with an id that is taken. */
    ID_EXISTS(436),
    /** 437: the SDP could not be parsed, or a subscription with no stream. */
    INVALID_SDP(437);

    private final int code;

    VideoRoomError(int code) {
        this.code = code;
    }

    /** The numeric {@code error_code}. */
    public int code() {
        return code;
    }
}
