package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.routing.RoomRouter;
import io.github.wildfiresfu.media.transport.UdpSocket;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One room's media: the event loop it is pinned to for its life (design.md §3, room-confined event
 * loops), its {@link RoomRouter}, the receive buffer all of its sockets share, and the timer that
 * drives the router's periodic work and the transports' timeouts.
 *
 * <p>{@link #handleCount} and {@link #policy} belong to the signalling side (guarded by the engine's
 * lock); everything else is confined to {@link #loop}.
 */
final class RoomMedia {

    /** Period of the room timer: NACK retries, throttled keyframe requests, reports, ICE/DTLS timeouts. */
    static final long TICK_MILLIS = 50;

    final String roomId;
    final EventLoop loop;
    final RoomRouter router;
    /**
     * Receive buffer of every socket of the room: safe to share, they all run on {@link #loop}. Its
     * headroom lets the router rewrite the last recipient's copy in place ({@link RoomRouter#RECEIVE_HEADROOM}).
     */
    final byte[] receiveBuffer = new byte[UdpSocket.MAX_DATAGRAM + RoomRouter.RECEIVE_HEADROOM];
    private final LongSupplier nanoClock;

    // Signalling side, guarded by the engine's lock.
    int handleCount;
    RoomPolicy policy;

    // Loop side.
    private final List<EngineHandle> handles = new ArrayList<>();
    private ScheduledFuture<?> timer;

    RoomMedia(String roomId, EventLoop loop, RoomRouter router, LongSupplier nanoClock, RoomPolicy policy) {
        this.roomId = roomId;
        this.loop = loop;
        this.router = router;
        this.nanoClock = nanoClock;
        this.policy = policy;
    }

    /** Starts the room timer (posted to the loop). */
    void start() {
        loop.execute(() -> timer = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Stops the room timer (posted to the loop, after the tasks already queued). */
    void stop() {
        loop.execute(() -> {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        });
    }

    /** On the loop: a handle whose transport the timer must check. */
    void attach(EngineHandle handle) {
        handles.add(handle);
    }

    /** On the loop. */
    void detach(EngineHandle handle) {
        handles.remove(handle);
    }

    /** On the loop: the router's {@code slowlink} report, to the handle's events. */
    void onSlowLink(long handleId, String mid, io.github.wildfiresfu.media.sdp.MediaKind kind, boolean uplink, int lost) {
        for (EngineHandle h : handles) {
            if (h.handleId == handleId) {
                h.events.onSlowLink(handleId, mid, kind.sdpName(), uplink, lost);
                return;
            }
        }
    }

    /**
     * The router's simulcast layer changes, to the subscriber handle's events. On the loop, inside
     * the fan-out: the handle's events only hand them on.
     */
    RoomRouter.SimulcastListener simulcastEvents() {
        return new RoomRouter.SimulcastListener() {
            @Override
            public void onSubstreamChanged(long handleId, String mid, int substream) {
                EngineHandle h = handle(handleId);
                if (h != null) {
                    h.events.onSubstreamChanged(handleId, mid, substream);
                }
            }

            @Override
            public void onTemporalChanged(long handleId, String mid, int temporal) {
                EngineHandle h = handle(handleId);
                if (h != null) {
                    h.events.onTemporalChanged(handleId, mid, temporal);
                }
            }
        };
    }

    private EngineHandle handle(long handleId) {
        for (EngineHandle h : handles) {
            if (h.handleId == handleId) {
                return h;
            }
        }
        return null;
    }

    private void tick() {
        long now = nanoClock.getAsLong();
        router.tick(now);
        for (EngineHandle h : handles.toArray(new EngineHandle[0])) {
            h.checkTimers(now);
        }
    }

    @Override
    public String toString() {
        return "RoomMedia[" + roomId + "]";
    }
}
