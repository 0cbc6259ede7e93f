package io.github.wildfiresfu.media.ice;

import java.time.Duration;

/**
 * Settings of an {@link IceLiteResponder}.
 *
 * @param consentTimeout     how long after the last valid check on the selected pair consent expires
 *                           (RFC 7675 §5.1: 30 s)
 * @param failureTimeout     how long a transport may wait for its first valid check before ICE counts
 *                           as failed
 * @param replyRoleConflict  whether a check carrying ICE-CONTROLLED gets 487 Role Conflict
 *                           (RFC 8445 §7.3.1.1; the default). False accepts it like any check, the
 *                           workaround mediasoup ships for https://bugs.chromium.org/p/webrtc/issues/detail?id=7478
 * @param maxRemoteAddresses how many remote addresses with valid checks are tracked for consent at once
 *                           (least recently checked ones are forgotten first, never the nominated one)
 */
public record IceLiteConfig(Duration consentTimeout, Duration failureTimeout, boolean replyRoleConflict,
        int maxRemoteAddresses) {

    /** 30 s consent, 30 s to the first check, 487 on role conflicts, 8 remote addresses. */
    public static final IceLiteConfig DEFAULT = new IceLiteConfig(Duration.ofSeconds(30), Duration.ofSeconds(30),
            true, 8);

    /** Checks the values. */
    public IceLiteConfig {
        if (consentTimeout == null || consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consentTimeout must be positive, got " + consentTimeout);
        }
        if (failureTimeout == null || failureTimeout.isNegative() || failureTimeout.isZero()) {
            throw new IllegalArgumentException("failureTimeout must be positive, got " + failureTimeout);
        }
        if (maxRemoteAddresses < 1) {
            throw new IllegalArgumentException("maxRemoteAddresses must be >= 1, got " + maxRemoteAddresses);
        }
    }
}
