package io.github.wildfiresfu.janus;

/**
 * What the media engine reports about a handle's PeerConnection, turned by the core into the
 * Janus events of {@code src/ice.c} and the plugin callbacks. Identified by handle id alone
 * (handle ids are unique across sessions). Thread-safe: callable from media threads; the core
 * hops to its signalling thread. Reports for a handle that no longer exists are dropped.
 */
public interface MediaEventSink {

    /**
     * ICE and DTLS are up: the plugin's {@link JanusPlugin#setupMedia} runs, then
     * {@code {"janus":"webrtcup","session_id","sender"}} is pushed.
     */
    void webRtcUp(long handleId);

    /** {@code {"janus":"media","mid","type","receiving"}}: media started or stopped arriving. */
    void media(long handleId, String mid, String type, boolean receiving);

    /** {@code {"janus":"slowlink","mid","media","uplink","lost"}} (Janus {@code slowlink_threshold}). */
    void slowLink(long handleId, String mid, String media, boolean uplink, int lost);

    /**
     * The PeerConnection is gone (DTLS alert, ICE failure, consent expiry ...): the plugin's
     * {@link JanusPlugin#hangupMedia} runs and {@code {"janus":"hangup","reason"}} is pushed.
     */
    void hangup(long handleId, String reason);

    /** {@code {"janus":"ice-failed"}} (Janus 1.x, before the hangup). */
    void iceFailed(long handleId);

    /** A local candidate to trickle: {@code {"janus":"trickle","candidate":{sdpMid, sdpMLineIndex, candidate}}}. */
    void localCandidate(long handleId, String sdpMid, int sdpMLineIndex, String candidate);

    /** {@code {"janus":"trickle","candidate":{"completed":true}}}. */
    void localCandidatesDone(long handleId);
}
