package io.github.wildfiresfu.janus.videoroom;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link RoomConfigStore} in memory, for tests and embedding; can be told to fail. */
public final class InMemoryRoomConfigStore implements RoomConfigStore {

    private final Map<String, RoomSettings> rooms = new LinkedHashMap<>();
    private boolean failing;

    @Override
    public synchronized void save(RoomSettings room) throws IOException {
        if (failing) {
            throw new IOException("room store is failing (test switch)");
        }
        rooms.put(room.room(), room);
    }

    @Override
    public synchronized void remove(String roomId) throws IOException {
        if (failing) {
            throw new IOException("room store is failing (test switch)");
        }
        rooms.remove(roomId);
    }

    /** A snapshot of the stored rooms, by id in insertion order. */
    public synchronized Map<String, RoomSettings> rooms() {
        return Map.copyOf(new LinkedHashMap<>(rooms));
    }

    /** Makes every later save/remove fail with an {@link IOException}. */
    public synchronized void failing(boolean failing) {
        this.failing = failing;
    }
}
