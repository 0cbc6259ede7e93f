package io.github.wildfiresfu.transport.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fork's process-wide, one-way {@code use_pb()} switch (wildfire-protocol.md §2 item 3): off
 * at start, switched on by the first room created with {@code "pb_message": true}, never off
 * again. From then on the MQTT transport sends the mapped messages as protobuf.
 *
 * <p>It exists apart from {@link WildfireMqttTransport} so the launcher can hand it to the
 * VideoRoom listener before the core and the transport exist. The listener runs on the core
 * thread inside the {@code create} request, before the core hands that request's reply to the
 * transport, which reads the switch at that moment: the {@code created} reply of the very room
 * that switched PB on already goes out as {@code p_success}. Thread-safe.
 */
public final class PbModeSwitch {

    private static final System.Logger LOG = System.getLogger(PbModeSwitch.class.getName());

    private final AtomicBoolean enabled = new AtomicBoolean();

    /** Switches PB mode on; true if this call did it, false if it was on already. */
    public boolean enable() {
        boolean flipped = enabled.compareAndSet(false, true);
        if (flipped) {
            LOG.log(System.Logger.Level.INFO, "A room with pb_message was created: the MQTT transport sends"
                    + " protobuf from now on (Wildfire use_pb)");
        }
        return flipped;
    }

    /** Whether PB mode is on. */
    public boolean isEnabled() {
        return enabled.get();
    }
}
