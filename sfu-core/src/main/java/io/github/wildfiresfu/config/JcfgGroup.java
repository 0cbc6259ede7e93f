package io.github.wildfiresfu.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A group {@code name: { key = value; ... }} of a jcfg file; the file itself is the root group
 * (named after the file). Keys keep their order. Typed getters read values leniently, the way
 * Janus does ({@code "yes"}, {@code "true"}, {@code 1} are all true; {@code "8088"} is an
 * integer), and throw {@link ConfigException} naming file, line, column and key on bad values.
 * Keys are looked up ignoring case, as Janus does ({@code janus_config_get} compares names with
 * {@code strcasecmp}); {@link #entries()} keeps them as written.
 */
public final class JcfgGroup implements JcfgValue {

    private final String name;
    private final String path;
    private final JcfgPosition position;
    private final Map<String, JcfgValue> entries;
    /** Lower-case key to the key as written; the first spelling wins. */
    private final Map<String, String> keysIgnoringCase;

    public JcfgGroup(String name, String path, Map<String, JcfgValue> entries, JcfgPosition position) {
        this.name = name;
        this.path = path;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.position = position;
        Map<String, String> lower = new HashMap<>();
        for (String k : this.entries.keySet()) {
            lower.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
        }
        this.keysIgnoringCase = lower;
    }

    /** An empty root group, what a missing file reads as. */
    public static JcfgGroup empty(String fileName) {
        return new JcfgGroup(fileName, "", Map.of(), new JcfgPosition(fileName, 0, 0));
    }

    /** Builds a group from plain Java values (String, Integer/Long, Double, Boolean, Map, List); for tests and defaults. */
    @SuppressWarnings("unchecked")
    public static JcfgGroup of(String name, Map<String, ?> values) {
        Map<String, JcfgValue> converted = new LinkedHashMap<>();
        values.forEach((k, v) -> converted.put(k, toValue(k, k, v)));
        return new JcfgGroup(name, "", converted, JcfgPosition.BUILT_IN);
    }

    /** Converts a plain value; nested groups get dotted paths ({@code a.b}), list items {@code a[0]}. */
    @SuppressWarnings("unchecked")
    private static JcfgValue toValue(String key, String path, Object v) {
        if (v instanceof JcfgValue jv) {
            return jv;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, JcfgValue> sub = new LinkedHashMap<>();
            ((Map<String, ?>) m).forEach((k, x) -> sub.put(k, toValue(k, path + "." + k, x)));
            return new JcfgGroup(key, path, sub, JcfgPosition.BUILT_IN);
        }
        if (v instanceof List<?> l) {
            List<JcfgValue> items = new ArrayList<>();
            for (Object o : l) {
                items.add(toValue(key, path + "[" + items.size() + "]", o));
            }
            return new JcfgList(items, false, JcfgPosition.BUILT_IN);
        }
        return JcfgScalar.of(v);
    }

    /**
     * A copy with {@code key} set to {@code value} (replacing a key that differs only in case,
     * in its place; otherwise appended). Used to add or update e.g. a permanent VideoRoom room
     * before {@link JcfgWriter} saves the file.
     */
    public JcfgGroup with(String key, JcfgValue value) {
        Map<String, JcfgValue> copy = new LinkedHashMap<>();
        String existing = actualKey(key);
        boolean replaced = false;
        for (Map.Entry<String, JcfgValue> e : entries.entrySet()) {
            if (e.getKey().equals(existing)) {
                copy.put(key, value);
                replaced = true;
            } else {
                copy.put(e.getKey(), e.getValue());
            }
        }
        if (!replaced) {
            copy.put(key, value);
        }
        return new JcfgGroup(name, path, copy, position);
    }

    /** A copy without {@code key} (compared ignoring case); this group if it has no such key. */
    public JcfgGroup without(String key) {
        String existing = actualKey(key);
        if (existing == null) {
            return this;
        }
        Map<String, JcfgValue> copy = new LinkedHashMap<>(entries);
        copy.remove(existing);
        return new JcfgGroup(name, path, copy, position);
    }

    /** The key as written in the file that matches {@code key} ignoring case, or null. */
    private String actualKey(String key) {
        if (entries.containsKey(key)) {
            return key;
        }
        return keysIgnoringCase.get(key.toLowerCase(Locale.ROOT));
    }

    /** The value of {@code key}, matched exactly or else ignoring case; null if absent. */
    private JcfgValue find(String key) {
        String actual = actualKey(key);
        return actual == null ? null : entries.get(actual);
    }

    /** The group's name (the key it was defined under, or the file name for the root). */
    public String name() {
        return name;
    }

    /** Dotted path from the root, e.g. {@code media} or {@code room-1234}; empty for the root. */
    public String path() {
        return path;
    }

    @Override
    public JcfgPosition position() {
        return position;
    }

    public Map<String, JcfgValue> entries() {
        return entries;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<JcfgValue> get(String key) {
        return Optional.ofNullable(find(key));
    }

    /** The sub-group {@code key}, or an empty group if it is absent. */
    public JcfgGroup group(String key) {
        JcfgValue v = find(key);
        if (v == null) {
            return new JcfgGroup(key, qualify(key), Map.of(), position);
        }
        if (v instanceof JcfgGroup g) {
            return g;
        }
        throw ConfigException.invalid(v.position(), qualify(key), describe(v), "expected a group { ... }");
    }

    /** Every direct sub-group, in file order (VideoRoom rooms are such groups). */
    public List<JcfgGroup> groups() {
        List<JcfgGroup> out = new ArrayList<>();
        for (JcfgValue v : entries.values()) {
            if (v instanceof JcfgGroup g) {
                out.add(g);
            }
        }
        return out;
    }

    public boolean has(String key) {
        return actualKey(key) != null;
    }

    public Optional<String> optString(String key) {
        JcfgValue v = find(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof JcfgScalar s) {
            return Optional.of(s.asText());
        }
        throw ConfigException.invalid(v.position(), qualify(key), describe(v), "expected a string");
    }

    public String getString(String key, String defaultValue) {
        return optString(key).orElse(defaultValue);
    }

    public Optional<Long> optLong(String key, long min, long max) {
        JcfgValue v = find(key);
        if (v == null) {
            return Optional.empty();
        }
        long parsed;
        if (v instanceof JcfgScalar s && s.value() instanceof Long l) {
            parsed = l;
        } else if (v instanceof JcfgScalar s && s.value() instanceof String str && str.trim().matches("-?\\d+")) {
            parsed = Long.parseLong(str.trim());
        } else {
            throw ConfigException.invalid(v.position(), qualify(key), describe(v),
                    "expected an integer from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw ConfigException.invalid(v.position(), qualify(key), parsed,
                    "expected an integer from " + min + " to " + max);
        }
        return Optional.of(parsed);
    }

    public long getLong(String key, long defaultValue, long min, long max) {
        return optLong(key, min, max).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        return (int) getLong(key, defaultValue, min, max);
    }

    /** Booleans as Janus reads them ({@code janus_is_true}): true/yes/1 and false/no/0, any case. */
    public Optional<Boolean> optBoolean(String key) {
        JcfgValue v = find(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof JcfgScalar s) {
            Object o = s.value();
            if (o instanceof Boolean b) {
                return Optional.of(b);
            }
            if (o instanceof Long l && (l == 0 || l == 1)) {
                return Optional.of(l == 1);
            }
            if (o instanceof String str) {
                switch (str.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1", "on" -> {
                        return Optional.of(true);
                    }
                    case "false", "no", "0", "off" -> {
                        return Optional.of(false);
                    }
                    default -> {
                    }
                }
            }
        }
        throw ConfigException.invalid(v.position(), qualify(key), describe(v), "expected true or false");
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return optBoolean(key).orElse(defaultValue);
    }

    /**
     * A number as Janus reads one ({@code atof} of the text): a float, an integer, or a string
     * holding either; it must be finite and within {@code [min, max]}.
     */
    public Optional<Double> optDouble(String key, double min, double max) {
        JcfgValue v = find(key);
        if (v == null) {
            return Optional.empty();
        }
        String allowed = "expected a number from " + min + " to " + max;
        double parsed;
        if (v instanceof JcfgScalar s && s.value() instanceof Double d) {
            parsed = d;
        } else if (v instanceof JcfgScalar s && s.value() instanceof Long l) {
            parsed = l;
        } else if (v instanceof JcfgScalar s && s.value() instanceof String str
                && str.trim().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            parsed = Double.parseDouble(str.trim());
        } else {
            throw ConfigException.invalid(v.position(), qualify(key), describe(v), allowed);
        }
        if (!(parsed >= min && parsed <= max)) {
            throw ConfigException.invalid(v.position(), qualify(key), parsed, allowed);
        }
        return Optional.of(parsed);
    }

    public double getDouble(String key, double defaultValue, double min, double max) {
        return optDouble(key, min, max).orElse(defaultValue);
    }

    /**
     * A list of strings, written either as a jcfg list/array or, as Janus often does, as one
     * comma-separated string ({@code "vmnet,docker"}). Items are trimmed; empty ones dropped.
     */
    public List<String> getStringList(String key) {
        JcfgValue v = find(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof JcfgScalar s) {
            for (String part : s.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (v instanceof JcfgList l) {
            for (JcfgValue item : l.items()) {
                if (!(item instanceof JcfgScalar s)) {
                    throw ConfigException.invalid(item.position(), qualify(key), describe(item),
                            "expected a list of strings");
                }
                out.add(s.asText().trim());
            }
            return out;
        }
        throw ConfigException.invalid(v.position(), qualify(key), describe(v), "expected a list of strings");
    }

    /**
     * Reports every key not in {@code known} (unknown keys are logged, never fatal, as Janus
     * ignores them); the consumer receives e.g. {@code "janus.jcfg:7:3: unknown key media.foo"}.
     */
    public void reportUnknownKeys(Set<String> known, Consumer<String> reporter) {
        Set<String> knownLower = new HashSet<>();
        for (String k : known) {
            knownLower.add(k.toLowerCase(Locale.ROOT));
        }
        entries.forEach((k, v) -> {
            if (!knownLower.contains(k.toLowerCase(Locale.ROOT))) {
                reporter.accept(v.position() + ": unknown key " + qualify(k) + " (ignored)");
            }
        });
    }

    /** The dotted name of {@code key} in this group, for messages. */
    public String qualify(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Object describe(JcfgValue v) {
        if (v instanceof JcfgScalar s) {
            return s.value();
        }
        return v instanceof JcfgGroup ? "{ group }" : "( list )";
    }

    @Override
    public String toString() {
        return "JcfgGroup[" + (path.isEmpty() ? name : path) + " " + entries.keySet() + "]";
    }
}
