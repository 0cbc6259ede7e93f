package io.github.wildfiresfu.media.routing;

import java.util.Arrays;

/**
 * SSRC to value, for the per-packet lookup of a publisher's streams: open addressing over an
 * {@code int} key array, so a lookup neither boxes nor allocates (a {@code HashMap<Long, ...>}
 * would box every SSRC above 127). Entries are only added; renegotiation rebuilds the table with
 * {@link #clear}. Not thread-safe: confined to the room's loop.
 */
final class SsrcTable<T> {

    private int[] keys;
    private Object[] values;
    private int size;

    SsrcTable() {
        keys = new int[16];
        values = new Object[16];
    }

    /** The value for {@code ssrc}, or null. */
    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                return (T) v;
            }
        }
    }

    /** Maps {@code ssrc} to {@code value} (not null), replacing any previous value. */
    void put(int ssrc, T value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = ssrc;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == ssrc) {
                values[i] = value;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (T) oldValues[i]);
            }
        }
    }

    /** SSRCs are random, but spread them anyway (murmur3 finaliser) against crafted ones. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
