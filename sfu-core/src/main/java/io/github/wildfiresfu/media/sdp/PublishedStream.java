package io.github.wildfiresfu.media.sdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One accepted m-line of a publisher, as the router needs it.
 *
 * @param mindex the m-line index
 * @param mid the mid
 * @param kind audio, video or application
 * @param codec the negotiated codec (empty for data)
 * @param ssrcs the media SSRCs the offer declares: for legacy simulcast the {@code SIM} group's
 *     order (low to high), else the SSRCs that are not the RTX half of a {@code FID} group; empty
 *     with rid simulcast, where SSRCs are learnt from the rid header extension
 * @param rtxSsrcs the RTX SSRC of each media SSRC, from {@code FID} groups
 * @param rids the simulcast rids in the offer's order (as written in {@code a=simulcast}; Janus
 *     indexes substreams in reverse of this, {@code src/rtp.c} {@code janus_rtp_simulcasting_prepare})
 * @param simulcast true for rid simulcast or an SSRC {@code SIM} group
 * @param extensionIds the negotiated header extensions: URI to id
 * @param msid the publisher's msid, if any
 * @param sending true when the publisher said it sends (sendonly/sendrecv); false if it offered
 *     recvonly/inactive (the answer then says inactive)
 */
public record PublishedStream(int mindex, String mid, MediaKind kind, Optional<SelectedCodec> codec, List<Long> ssrcs,
        Map<Long, Long> rtxSsrcs, List<String> rids, boolean simulcast, Map<String, Integer> extensionIds,
        Optional<Msid> msid, boolean sending) {

    public PublishedStream {
        ssrcs = List.copyOf(ssrcs);
        rtxSsrcs = Map.copyOf(rtxSsrcs);
        rids = List.copyOf(rids);
        extensionIds = Map.copyOf(extensionIds);
    }

    /** The media payload type, if RTP. */
    public OptionalInt payloadType() {
        return codec.isPresent() ? OptionalInt.of(codec.get().payloadType()) : OptionalInt.empty();
    }

    /** The RTX payload type, if negotiated. */
    public OptionalInt rtxPayloadType() {
        return codec.isPresent() ? codec.get().rtxPayloadType() : OptionalInt.empty();
    }

    /** The Janus codec name ({@code opus}, {@code vp8}, ...), if RTP. */
    public Optional<String> codecName() {
        return codec.map(c -> c.name().janusName());
    }

    /** The id of a negotiated header extension. */
    public OptionalInt extensionId(String uri) {
        Integer id = extensionIds.get(uri);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }
}
