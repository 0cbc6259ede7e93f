package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Subscriber offers, their updates and the check of answers. The offers built from each fixture,
 * and the remove / re-add sequence, were given to Chromium 156 with
 * {@code interop/capture-chromium-offers.mjs --check}, which answered them all.
 */
class SubscriberOfferBuilderTest {

    private static final SubscriberOfferBuilder BUILDER = SubscriberOfferBuilder.defaults();
    private static final LocalTransport LOCAL = SdpInteropTool.LOCAL;

    private static List<SubscriberStream> dualStreamStreams() {
        return SdpInteropTool.streamsOf(SdpInteropTool.publisherAnswer(SdpFixtures.text(SdpFixtures.DUAL_STREAM)));
    }

    @Test
    void offerHasOneSendonlyMLinePerStreamBundledWithIceLite() {
        SubscriberOffer o = BUILDER.offer(SdpInteropTool.ORIGIN, LOCAL, dualStreamStreams());
        SessionDescription sd = o.offer();
        assertThat(SdpParser.parse(o.sdp())).isEqualTo(sd);
        assertThat(sd.iceLite()).isTrue();
        assertThat(sd.bundleGroup().orElseThrow().mids()).containsExactly("0", "1", "2", "3");
        assertThat(o.slots()).extracting(SubscriberOffer.Slot::kind)
                .containsExactly(MediaKind.AUDIO, MediaKind.VIDEO, MediaKind.VIDEO, MediaKind.APPLICATION);
        assertThat(sd.media()).allSatisfy(m -> assertThat(m.setup()).isEqualTo(Setup.ACTPASS));
        MediaDescription audio = sd.media().get(0);
        assertThat(audio.port()).isEqualTo(20000);
        assertThat(audio.candidates()).hasSize(1);
        assertThat(audio.endOfCandidates()).isTrue();
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.ssrcs()).singleElement().satisfies(s -> assertThat(s.cname()).contains("wildfire"));
        MediaDescription video = sd.media().get(1);
        assertThat(video.port()).isEqualTo(9);
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.codecs().get(1).fmtp()).isEqualTo("apt=96");
        assertThat(video.ssrcGroup(SsrcGroup.FID).orElseThrow().ssrcs()).containsExactly(1001L, 2001L);
        assertThat(video.msids()).containsExactly(new Msid("wildfire", "track1"));
        assertThat(video.extmaps()).extracting(Extmap::id).containsExactly(1, 3, 4, 5, 6);
        assertThat(sd.media().get(3).formats()).containsExactly("webrtc-datachannel");
        assertThat(sd.media().get(3).sctpPort()).isEqualTo(5000);
    }

    @Test
    void removingFreesTheMLineAndAddingRecyclesItWithTheSameMid() {
        SubscriberOffer first = BUILDER.offer(SdpInteropTool.ORIGIN, LOCAL, dualStreamStreams());
        SubscriberOffer removed = BUILDER.update(first, LOCAL, List.of(), List.of("1"));
        assertThat(removed.offer().origin().sessionVersion()).isEqualTo("2");
        MediaDescription free = removed.offer().media().get(1);
        assertThat(free.port()).isZero();
        assertThat(free.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(free.mid()).isEqualTo("1");
        assertThat(removed.offer().bundleGroup().orElseThrow().mids()).containsExactly("0", "2", "3");
        assertThat(removed.slot("1").orElseThrow().active()).isFalse();

        SubscriberStream video = first.slot("2").orElseThrow().stream().orElseThrow();
        SubscriberOffer readded = BUILDER.update(removed, LOCAL, List.of(video.withMid(null)), List.of());
        assertThat(readded.offer().media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3");
        assertThat(readded.slot("1").orElseThrow().active()).isTrue();
        assertThat(readded.offer().bundleGroup().orElseThrow().mids()).containsExactly("0", "1", "2", "3");

        SubscriberOffer grown = BUILDER.update(readded, LOCAL, List.of(video.withMid(null)), List.of());
        assertThat(grown.offer().media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3", "4");
        assertThat(grown.offer().origin().sessionVersion()).isEqualTo("4");

        SubscriberOffer audioGone = BUILDER.update(grown, LOCAL, List.of(), List.of("0"));
        MediaDescription newTag = audioGone.offer().media().get(1);
        assertThat(newTag.candidates()).as("the BUNDLE tag moves to the first active m-line").hasSize(1);
        assertThat(audioGone.offer().media().get(0).candidates()).isEmpty();
    }

    @Test
    void explicitMidsAndBadUpdates() {
        SubscriberOffer first = BUILDER.offer(SdpInteropTool.ORIGIN, LOCAL, dualStreamStreams());
        SubscriberStream audio = first.slot("0").orElseThrow().stream().orElseThrow();
        SubscriberOffer named = BUILDER.update(first, LOCAL, List.of(audio.withMid("a1")), List.of());
        assertThat(named.slots().get(4).mid()).isEqualTo("a1");
        assertThatThrownBy(() -> BUILDER.update(first, LOCAL, List.of(audio.withMid("1")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mid 1 is in use");
        SubscriberOffer freed = BUILDER.update(first, LOCAL, List.of(), List.of("1"));
        assertThatThrownBy(() -> BUILDER.update(freed, LOCAL, List.of(audio.withMid("1")), List.of()))
                .hasMessageContaining("is not a free audio m-line");
        assertThatThrownBy(() -> BUILDER.update(first, LOCAL, List.of(), List.of("9")))
                .hasMessage("no m-line has mid 9");
        assertThatThrownBy(() -> SubscriberStream.media(MediaKind.VIDEO, null, Codec.of(96, "VP8", 90000, 0),
                Codec.rtx(97, 100, 90000), 1, 2, null, "c")).hasMessageContaining("must be rtx with apt=96");
    }

    /** An answer as Chromium writes one: same m-lines, recvonly, active, its own credentials. */
    private static SessionDescription answerTo(SubscriberOffer offer) {
        SessionDescription.Builder b = offer.offer().toBuilder().iceLite(false);
        List<MediaDescription> media = offer.offer().media().stream().map(m -> m.isRejected() ? m
                : m.toBuilder().direction(m.kind() == MediaKind.APPLICATION ? null : Direction.RECVONLY)
                        .setup(Setup.ACTIVE).iceUfrag("ENxU").icePwd("awbEOi5Yfl6hVHhWzswHvQaU").ssrcs(List.of())
                        .ssrcGroups(List.of()).msids(List.of()).candidates(List.of()).endOfCandidates(false).build())
                .toList();
        return b.media(media).build();
    }

    @Test
    void checkAnswerReportsWhatWasAccepted() {
        SubscriberOffer offer = BUILDER.update(BUILDER.offer(SdpInteropTool.ORIGIN, LOCAL, dualStreamStreams()), LOCAL,
                List.of(), List.of("2"));
        SessionDescription answer = answerTo(offer);
        // The subscriber declines the big video's RTX.
        MediaDescription video = answer.media().get(1);
        answer = answer.toBuilder().media(List.of(answer.media().get(0), video.toBuilder().formats(List.of("96"))
                .codecs(List.of(video.codecs().get(0))).build(), answer.media().get(2), answer.media().get(3))).build();
        SubscriberAnswer result = BUILDER.checkAnswer(offer, SdpParser.parse(SdpWriter.write(answer)));
        assertThat(result.localSetup()).isEqualTo(Setup.PASSIVE);
        assertThat(result.remote().iceUfrag()).isEqualTo("ENxU");
        assertThat(result.streams()).extracting(s -> s.mid() + ":" + s.accepted() + ":" + s.rtx() + ":" + s.reason())
                .containsExactly("0:true:false:null", "1:true:false:null", "2:false:false:no stream on this m-line",
                        "3:true:false:null");
    }

    @Test
    void checkAnswerRefusesAnswersThatDoNotFit() {
        SubscriberOffer offer = BUILDER.offer(SdpInteropTool.ORIGIN, LOCAL, dualStreamStreams());
        SessionDescription good = answerTo(offer);
        SessionDescription shorter = good.toBuilder().groups(List.of()).media(good.media().subList(0, 3)).build();
        assertThatThrownBy(() -> BUILDER.checkAnswer(offer, shorter)).isInstanceOf(SdpNegotiationException.class)
                .hasMessage("the answer has 3 m-lines; the offer has 4");
        SessionDescription sending = good.toBuilder().media(List.of(good.media().get(0).toBuilder()
                .direction(Direction.SENDRECV).build(), good.media().get(1), good.media().get(2), good.media().get(3)))
                .build();
        assertThatThrownBy(() -> BUILDER.checkAnswer(offer, sending)).hasMessageContaining("is sendrecv but we offered");
        SessionDescription actpass = good.toBuilder().media(good.media().stream().map(m -> m.toBuilder()
                .setup(Setup.ACTPASS).build()).toList()).build();
        assertThatThrownBy(() -> BUILDER.checkAnswer(offer, actpass)).hasMessageContaining("must pick active or passive");
        SessionDescription inactive = good.toBuilder().media(List.of(good.media().get(0), good.media().get(1).toBuilder()
                .direction(Direction.INACTIVE).build(), good.media().get(2), good.media().get(3).toBuilder().port(0)
                .build())).build();
        assertThat(BUILDER.checkAnswer(offer, inactive).streams()).extracting(SubscriberAnswer.StreamAcceptance::reason)
                .containsExactly(null, "answered inactive", null, "rejected by the subscriber");
    }
}
