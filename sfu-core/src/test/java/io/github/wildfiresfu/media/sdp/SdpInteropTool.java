package io.github.wildfiresfu.media.sdp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line bridge for {@code interop/capture-chromium-offers.mjs --check}: reads SDP on
 * standard input and prints what our builders make of it, so the script can hand it to
 * Chromium. Deterministic (fixed credentials, SSRCs and session id), so a later call with the
 * same input rebuilds the same offer. Test code only; not part of the library.
 *
 * <pre>
 * publisher-answer          stdin: a publisher offer      stdout: our answer
 * subscriber-offer          stdin: a publisher offer      stdout: a subscriber offer of its streams
 * subscriber-sequence       stdin: a publisher offer      stdout: 3 offers split by "--NEXT--":
 *                                                         initial, first video removed, re-added
 * subscriber-answer-check   stdin: offer "--ANSWER--" answer   stdout: accepted mids
 * </pre>
 */
public final class SdpInteropTool {

    /** The room used for the checks: every codec Chromium offers that we forward. */
    static final PublisherPolicy POLICY = PublisherPolicy.defaults()
            .withCodecs(CodecPolicy.of("opus,pcmu", "vp8,h264"));

    static final LocalTransport LOCAL = new LocalTransport("wfsfu1", "wildfiresfupassword0123",
            List.of(new Fingerprint("sha-256", "3A:9C:2F:11:7B:4E:55:60:8D:A2:C1:0F:93:44:E8:21:"
                    + "6B:7D:0C:99:AB:CD:EF:01:23:45:67:89:10:32:54:76")),
            List.of(Candidate.host("1", "udp", 2015363327L, "127.0.0.1", 20000)));

    static final Origin ORIGIN = Origin.of("4242424242", 1, "127.0.0.1");

    private SdpInteropTool() {
    }

    public static void main(String[] args) throws IOException {
        String in = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "publisher-answer":
                System.out.print(publisherAnswer(in).sdp());
                break;
            case "subscriber-offer":
                System.out.print(subscriberOffer(publisherAnswer(in)).sdp());
                break;
            case "subscriber-sequence":
                System.out.print(String.join("--NEXT--", subscriberSequence(in).stream().map(SubscriberOffer::sdp)
                        .toList()));
                break;
            case "subscriber-answer-check": {
                String[] parts = in.split("\n--ANSWER--\n", 2);
                SubscriberOffer offer = subscriberOffer(publisherAnswer(parts[0]));
                SubscriberAnswer answer = SubscriberOfferBuilder.defaults().checkAnswer(offer,
                        SdpParser.parse(parts[1]));
                List<String> accepted = new ArrayList<>();
                for (SubscriberAnswer.StreamAcceptance s : answer.streams()) {
                    accepted.add(s.mid() + (s.accepted() ? "=accepted" + (s.rtx() ? "+rtx" : "") : "=" + s.reason()));
                }
                System.out.println(String.join(", ", accepted) + "; we are DTLS " + answer.localSetup().sdpName());
                break;
            }
            default:
                System.err.println("usage: SdpInteropTool publisher-answer|subscriber-offer|subscriber-sequence|"
                        + "subscriber-answer-check < sdp");
                System.exit(2);
        }
    }

    static PublisherAnswer publisherAnswer(String offer) {
        return new PublisherAnswerBuilder(POLICY).answer(SdpParser.parse(offer), LOCAL, ORIGIN);
    }

    /** The streams a subscriber of every published stream gets, with fixed SSRCs. */
    static List<SubscriberStream> streamsOf(PublisherAnswer published) {
        List<SubscriberStream> out = new ArrayList<>();
        int n = 0;
        for (PublishedStream p : published.streams()) {
            if (p.kind() == MediaKind.APPLICATION) {
                out.add(SubscriberStream.data(null));
                continue;
            }
            SelectedCodec c = p.codec().orElseThrow();
            Codec rtx = c.rtx().orElse(null);
            out.add(SubscriberStream.media(p.kind(), null, c.codec(), rtx, 1000 + n, rtx == null ? -1 : 2000 + n,
                    new Msid("wildfire", "track" + n), "wildfire"));
            n++;
        }
        return out;
    }

    static SubscriberOffer subscriberOffer(PublisherAnswer published) {
        return SubscriberOfferBuilder.defaults().offer(ORIGIN, LOCAL, streamsOf(published));
    }

    static List<SubscriberOffer> subscriberSequence(String publisherOffer) {
        PublisherAnswer published = publisherAnswer(publisherOffer);
        SubscriberOfferBuilder b = SubscriberOfferBuilder.defaults();
        List<SubscriberStream> streams = streamsOf(published);
        SubscriberOffer first = b.offer(ORIGIN, LOCAL, streams);
        SubscriberOffer.Slot video = first.slots().stream().filter(s -> s.kind() == MediaKind.VIDEO).findFirst()
                .orElseThrow();
        SubscriberOffer removed = b.update(first, LOCAL, List.of(), List.of(video.mid()));
        SubscriberStream again = video.stream().orElseThrow().withMid(null);
        SubscriberOffer readded = b.update(removed, LOCAL, List.of(again), List.of());
        return List.of(first, removed, readded);
    }
}
