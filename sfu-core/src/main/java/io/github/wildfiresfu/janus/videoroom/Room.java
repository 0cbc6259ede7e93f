package io.github.wildfiresfu.janus.videoroom;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A live room: its settings (some editable) and its participants. Confined to the signalling
 * thread, like the rest of the plugin state.
 */
final class Room {

    /** Current settings; {@code edit}, {@code enable_recording} and {@code allowed} replace them. */
    RoomSettings settings;
    /** Whether {@code join} checks tokens (Janus {@code check_allowed}). */
    boolean checkAllowed;
    /** ACL tokens, insertion order. */
    final Set<String> allowed = new LinkedHashSet<>();
    /** Participants (publisher-type handles, publishing or not) by id, in join order. */
    final Map<String, Publisher> participants = new LinkedHashMap<>();
    /** Participants by private id. */
    final Map<Long, Publisher> privateIds = new LinkedHashMap<>();
    /** Set once destroyed or removed; handles still pointing here then see "No such room". */
    boolean destroyed;

    Room(RoomSettings settings) {
        this.settings = settings;
        if (settings.allowed() != null) {
            checkAllowed = true;
            allowed.addAll(settings.allowed());
        }
    }

    String id() {
        return settings.room();
    }

    /** The settings with the current ACL folded in, for {@code permanent} saves. */
    RoomSettings snapshot() {
        return settings.toBuilder().allowed(checkAllowed ? java.util.List.copyOf(allowed) : null).build();
    }
}
