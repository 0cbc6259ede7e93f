package io.github.wildfiresfu.janus.videoroom;

import java.io.IOException;

/**
 * Where {@code permanent: true} rooms are kept (Janus rewrites
 * {@code janus.plugin.videoroom.jcfg} through {@code janus_config_save}). The launcher implements
 * it by rewriting the jcfg file; {@link InMemoryRoomConfigStore} serves tests. Called on the
 * signalling thread.
 *
 * <p>A failing store does not fail the request: as in Janus 1.1.2, {@code create}/{@code edit}/
 * {@code destroy} then answer {@code "permanent": false}.
 */
public interface RoomConfigStore {

    /** Adds or replaces the {@code room-<id>} group of {@code room}. */
    void save(RoomSettings room) throws IOException;

    /** Removes the {@code room-<id>} group, if any. */
    void remove(String roomId) throws IOException;
}
