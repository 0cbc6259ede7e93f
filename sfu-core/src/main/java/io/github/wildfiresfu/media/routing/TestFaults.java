package io.github.wildfiresfu.media.routing;

import java.util.Locale;
import java.util.Map;

/**
 * TEST-ONLY faults the router can inject, for measuring loss recovery with real browsers (issue #3:
 * "with 5% loss injected on the path to a subscriber, NACK/retransmission keeps its video
 * decoding"). Production never sets them: {@link #NONE} is the default everywhere, and
 * {@link #fromEnvironment} only reads variables that are explicitly set.
 *
 * <p>A dropped packet is handled as if it were lost on the network after leaving us: it is renumbered,
 * counted as sent and kept for retransmission, then not written to the socket (counted as
 * {@link RouterDropReason#TEST_LOSS}). Retransmissions go through the same lossy path.
 *
 * @param dropToSubscriber fraction (0 to 1) of RTP packets to subscribers that are not sent
 * @param seed             seed of the random choice of packets, so a run is repeatable
 * @param answerNacks      false: subscriber NACKs are ignored (counted as
 *                         {@link RouterDropReason#NACK_ANSWERS_DISABLED}), to compare with and
 *                         without retransmission
 */
public record TestFaults(double dropToSubscriber, long seed, boolean answerNacks) {

    /** Environment variable: the fraction of subscriber RTP to drop, e.g. {@code 0.05}. TEST ONLY. */
    public static final String DROP_TO_SUBSCRIBER_ENV = "WILDFIRE_SFU_TEST_DROP_TO_SUBSCRIBER";
    /** Environment variable: the seed of the drop choice (default 1). TEST ONLY. */
    public static final String DROP_SEED_ENV = "WILDFIRE_SFU_TEST_DROP_SEED";
    /** Environment variable: {@code false} to ignore subscriber NACKs. TEST ONLY. */
    public static final String ANSWER_NACKS_ENV = "WILDFIRE_SFU_TEST_ANSWER_NACKS";

    /** No fault: every packet is sent and every NACK answered. */
    public static final TestFaults NONE = new TestFaults(0, 1, true);

    /** Checks the values. */
    public TestFaults {
        if (!(dropToSubscriber >= 0 && dropToSubscriber <= 1)) {
            throw new IllegalArgumentException("the test drop fraction must be between 0 and 1, got "
                    + dropToSubscriber);
        }
    }

    /** Whether anything differs from {@link #NONE}. */
    public boolean active() {
        return dropToSubscriber > 0 || !answerNacks;
    }

    /**
     * The faults the test-only variables ask for ({@link #NONE} when none is set).
     *
     * @throws IllegalArgumentException for a value that is not a number / boolean in range
     */
    public static TestFaults fromEnvironment(Map<String, String> env) {
        String drop = env.get(DROP_TO_SUBSCRIBER_ENV);
        String seed = env.get(DROP_SEED_ENV);
        String nacks = env.get(ANSWER_NACKS_ENV);
        if (drop == null && seed == null && nacks == null) {
            return NONE;
        }
        try {
            double fraction = drop == null ? 0 : Double.parseDouble(drop.trim());
            long s = seed == null ? NONE.seed : Long.parseLong(seed.trim());
            boolean answer = true;
            if (nacks != null) {
                switch (nacks.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> answer = true;
                    case "false", "0", "no" -> answer = false;
                    default -> throw new IllegalArgumentException(ANSWER_NACKS_ENV + " must be true or false, got "
                            + nacks);
                }
            }
            return new TestFaults(fraction, s, answer);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad test fault setting (" + DROP_TO_SUBSCRIBER_ENV + "=" + drop + ", "
                    + DROP_SEED_ENV + "=" + seed + "): " + e.getMessage(), e);
        }
    }
}
