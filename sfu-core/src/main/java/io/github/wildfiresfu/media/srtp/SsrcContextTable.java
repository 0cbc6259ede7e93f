package io.github.wildfiresfu.media.srtp;

import java.util.Arrays;

/**
 * An open-addressing hash map from a 32-bit SSRC to its crypto context, with a one-entry cache
 * for the SSRC seen last (packets of one stream arrive in runs). Lookups neither box nor
 * allocate; only inserting a new SSRC may grow the arrays. There is no removal: contexts live
 * as long as their session. Not thread-safe.
 *
 * @param <T> the context type
 */
final class SsrcContextTable<T> {

    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;
    private int lastKey;
    private Object lastValue;

    /** The context for {@code ssrc}, or {@code null}. */
    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        if (lastValue != null && lastKey == ssrc) {
            return (T) lastValue;
        }
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                lastKey = ssrc;
                lastValue = value;
                return (T) value;
            }
        }
    }

    /** Adds a context for an SSRC that is not in the table yet. */
    void put(int ssrc, T context) {
        if (context == null) {
            throw new IllegalArgumentException("null context");
        }
        if ((size + 1) * 2 > keys.length) {
            resize();
        }
        insert(keys, values, ssrc, context);
        size++;
        lastKey = ssrc;
        lastValue = context;
    }

    int size() {
        return size;
    }

    /** Removes every context. */
    void clear() {
        Arrays.fill(values, null);
        size = 0;
        lastValue = null;
    }

    private void resize() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(keys, values, oldKeys[i], oldValues[i]);
            }
        }
    }

    private static void insert(int[] keys, Object[] values, int ssrc, Object value) {
        int mask = keys.length - 1;
        int i = slot(ssrc, mask);
        while (values[i] != null) {
            if (keys[i] == ssrc) {
                throw new IllegalStateException("SSRC " + Integer.toUnsignedString(ssrc) + " already has a context");
            }
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = value;
    }

    private static int slot(int ssrc, int mask) {
        // Fibonacci hashing spreads sequential or patterned SSRCs over the table.
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
