package io.github.wildfiresfu.media.sdp;

import java.util.List;
import java.util.Optional;

/**
 * An offer to a subscriber and the m-line slots it describes.
 *
 * @param offer the offer
 * @param slots one per m-line, in order
 */
public record SubscriberOffer(SessionDescription offer, List<Slot> slots) {

    /**
     * One m-line: its index, mid and kind, and the stream it carries, or none for a free
     * (port 0, inactive) m-line waiting to be recycled.
     */
    public record Slot(int mindex, String mid, MediaKind kind, Optional<SubscriberStream> stream) {

        /** True when the slot carries a stream. */
        public boolean active() {
            return stream.isPresent();
        }
    }

    public SubscriberOffer {
        slots = List.copyOf(slots);
    }

    /** The slot with this mid, if any. */
    public Optional<Slot> slot(String mid) {
        return slots.stream().filter(s -> s.mid().equals(mid)).findFirst();
    }

    /** The offer as SDP text. */
    public String sdp() {
        return SdpWriter.write(offer);
    }
}
