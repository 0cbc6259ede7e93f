package io.github.wildfiresfu.config;

/**
 * An inclusive range of UDP ports for media ({@code media.rtp_port_range = "20000-40000"}).
 * Wildfire's firewall rules open exactly the range its janus.jcfg names, so the server must
 * allocate only inside it.
 *
 * @param min lowest port, 1 to 65535
 * @param max highest port, {@code min} to 65535
 */
public record PortRange(int min, int max) {

    /** The form {@link #parse} accepts, for messages. */
    public static final String FORM = "a string \"MIN-MAX\" with 1 <= MIN <= MAX <= 65535, e.g. \"20000-40000\"";

    public PortRange {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("port range " + min + "-" + max + " is not " + FORM);
        }
    }

    /**
     * Parses {@code "MIN-MAX"} (blanks around the numbers allowed). Janus splits at the last
     * {@code '-'} and silently swaps reversed bounds ({@code janus.c}); we refuse them instead,
     * because a reversed range is a typo the operator should see.
     *
     * @throws IllegalArgumentException naming {@link #FORM} if {@code text} is not such a range
     */
    public static PortRange parse(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 2 || !parts[0].trim().matches("\\d{1,5}") || !parts[1].trim().matches("\\d{1,5}")) {
            throw new IllegalArgumentException("\"" + text + "\" is not " + FORM);
        }
        int min = Integer.parseInt(parts[0].trim());
        int max = Integer.parseInt(parts[1].trim());
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("\"" + text + "\" is not " + FORM);
        }
        return new PortRange(min, max);
    }

    /** How many ports the range holds. */
    public int size() {
        return max - min + 1;
    }

    public boolean contains(int port) {
        return port >= min && port <= max;
    }

    @Override
    public String toString() {
        return min + "-" + max;
    }
}
