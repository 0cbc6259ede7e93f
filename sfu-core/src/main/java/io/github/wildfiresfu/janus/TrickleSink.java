package io.github.wildfiresfu.janus;

/**
 * Where the remote candidates of one handle go once its PeerConnection exists (issue #3, the
 * media layer). Until a sink is set with {@link JanusCore#setTrickleSink}, the core acks
 * {@code trickle} requests and queues their candidates per handle, as Janus queues "early"
 * trickles that arrive before the SDP ({@code pending_trickles}, {@code src/janus.c}). Setting a
 * sink drains the queue in arrival order, dropping candidates older than
 * {@code candidates_timeout}; later candidates are handed over as they arrive.
 *
 * <p>Called on the core's thread, one call at a time; implementations must not block and should
 * hop to their own (room) thread. The sink is forgotten when the handle's PeerConnection is hung
 * up ({@code hangup} request or {@link PluginHandle#closePeerConnection}) or the handle goes away.
 */
public interface TrickleSink {

    /** A remote candidate arrived (or was queued before the sink was set). */
    void onRemoteCandidate(RemoteCandidate candidate);

    /**
     * The client signalled the end of its candidates: {@code {"completed":true}}, a null or
     * non-object {@code candidate}, exactly as Janus treats them.
     */
    void onEndOfCandidates();
}
