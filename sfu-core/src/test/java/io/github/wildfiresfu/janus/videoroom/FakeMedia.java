package io.github.wildfiresfu.janus.videoroom;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A media port for tests: it reads the m-lines of a real offer just enough to say what is
 * published (type, mid, first codec the room allows), answers with a canned SDP, and writes
 * subscriber offers with one m-line per subscribed stream. It records every call (recording calls in
 * their own list).
 */
final class FakeMedia implements VideoRoomMedia {

    final List<PublishRequest> publishes = new ArrayList<>();
    final List<SubscriberOfferRequest> offers = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<List<SubscribedStream>> subscriberUpdates = new ArrayList<>();
    final List<List<PublisherStreamState>> publisherUpdates = new ArrayList<>();
    /**
     * Recording calls: "start <handle> <mid> <codec>", "stop <handle> <mid>", "source <handle> <mid>" (also in
     * {@link #calls}, prefixed "record ", to see their order among the other calls).
     */
    final List<String> recordingCalls = new ArrayList<>();
    final List<RecordingRequest> recordingRequests = new ArrayList<>();
    /** When set, {@link #startRecording} refuses (a recorder that cannot record). */
    boolean refuseRecordings;
    /** What the plugin registered for simulcast layer changes (the test plays the engine). */
    SimulcastListener simulcastListener;

    @Override
    public void setSimulcastListener(SimulcastListener listener) {
        simulcastListener = listener;
    }

    @Override
    public PublishNegotiation publish(PublishRequest request) throws MediaException {
        publishes.add(request);
        if (!request.offerSdp().startsWith("v=0")) {
            throw new MediaException.InvalidSdp("not an SDP (no v=0 line)");
        }
        List<PublishedStream> streams = new ArrayList<>();
        StringBuilder answer = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=VideoRoom " + request.roomId()
                + "\r\nt=0 0\r\n");
        List<List<String>> mlines = mlines(request.offerSdp());
        for (int i = 0; i < mlines.size(); i++) {
            List<String> m = mlines.get(i);
            String kind = m.get(0).substring(2, m.get(0).indexOf(' '));
            String mid = Integer.toString(i);
            List<String> codecs = new ArrayList<>();
            boolean audioLevel = false;
            boolean simulcast = false;
            for (String line : m) {
                simulcast |= line.startsWith("a=simulcast:");
                if (line.startsWith("a=mid:")) {
                    mid = line.substring(6).trim();
                } else if (line.startsWith("a=rtpmap:")) {
                    String name = line.substring(line.indexOf(' ') + 1);
                    codecs.add(name.substring(0, name.indexOf('/')).toLowerCase(Locale.ROOT));
                } else if (line.contains("ssrc-audio-level")) {
                    audioLevel = true;
                }
            }
            MediaType type = switch (kind) {
                case "audio" -> MediaType.AUDIO;
                case "video" -> MediaType.VIDEO;
                default -> MediaType.DATA;
            };
            String codec = null;
            if (type == MediaType.AUDIO) {
                codec = pick(codecs, request.audioCodec(), request.room().audioCodecs());
            } else if (type == MediaType.VIDEO) {
                codec = pick(codecs, request.videoCodec(), request.room().videoCodecs());
            }
            boolean disabled = type != MediaType.DATA && codec == null;
            streams.add(new PublishedStream(type, i, mid, codec, disabled, simulcast && type == MediaType.VIDEO, false,
                    type == MediaType.AUDIO && request.room().opusFec(), false, false, null, null,
                    audioLevel && request.room().audiolevelExt()));
            answer.append("m=").append(kind).append(disabled ? " 0" : " 9").append(" UDP/TLS/RTP/SAVPF\r\na=mid:")
                    .append(mid).append("\r\na=").append(disabled ? "inactive" : "recvonly").append("\r\n");
        }
        return new PublishNegotiation(answer.toString(), streams);
    }

    private static String pick(List<String> offered, String preferred, List<String> allowed) {
        if (preferred != null) {
            return offered.contains(preferred) ? preferred : null;
        }
        for (String c : allowed) {
            if (offered.contains(c)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String offerSubscriber(SubscriberOfferRequest request) {
        offers.add(request);
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 2 " + offers.size() + " IN IP4 127.0.0.1\r\ns=VideoRoom "
                + request.roomId() + "\r\nt=0 0\r\n");
        for (SubscribedStream s : request.streams()) {
            String kind = s.type() == MediaType.DATA ? "application" : s.type().wireName();
            sdp.append("m=").append(kind).append(" 9 UDP/TLS/RTP/SAVPF\r\na=mid:").append(s.mid()).append("\r\na=")
                    .append(s.active() || s.type() == MediaType.DATA ? "sendonly" : "inactive").append("\r\n");
        }
        if (request.iceRestart()) {
            sdp.append("a=ice-options:restart\r\n");
        }
        return sdp.toString();
    }

    @Override
    public Set<String> applySubscriberAnswer(long handleId, String answerSdp) {
        calls.add("answer " + handleId);
        Set<String> accepted = new LinkedHashSet<>();
        for (List<String> m : mlines(answerSdp)) {
            String mid = null;
            boolean inactive = false;
            for (String line : m) {
                if (line.startsWith("a=mid:")) {
                    mid = line.substring(6).trim();
                } else if (line.equals("a=inactive")) {
                    inactive = true;
                }
            }
            if (mid != null && !inactive) {
                accepted.add(mid);
            }
        }
        return accepted;
    }

    @Override
    public void updateSubscriber(long handleId, List<SubscribedStream> streams, boolean paused) {
        calls.add("updateSubscriber " + handleId + (paused ? " paused" : ""));
        subscriberUpdates.add(streams);
    }

    @Override
    public void updatePublisher(long handleId, List<PublisherStreamState> streams) {
        calls.add("updatePublisher " + handleId);
        publisherUpdates.add(streams);
    }

    @Override
    public void requestKeyframe(long publisherHandleId, String mid) {
        calls.add("keyframe " + publisherHandleId + " " + mid);
    }

    @Override
    public boolean startRecording(RecordingRequest request) {
        recordingRequests.add(request);
        recording("start " + request.handleId() + " " + request.mid() + " " + request.codec());
        return !refuseRecordings;
    }

    @Override
    public void stopRecording(long handleId, String mid) {
        recording("stop " + handleId + " " + mid);
    }

    @Override
    public void recordingSourceChanged(long handleId, String mid) {
        recording("source " + handleId + " " + mid);
    }

    private void recording(String call) {
        recordingCalls.add(call);
        calls.add("record " + call);
    }

    @Override
    public void closePublisher(long handleId) {
        calls.add("closePublisher " + handleId);
    }

    @Override
    public void closeSubscriber(long handleId) {
        calls.add("closeSubscriber " + handleId);
    }

    /** The lines of each m-section, first line "m=...". */
    static List<List<String>> mlines(String sdp) {
        List<List<String>> out = new ArrayList<>();
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                out.add(new ArrayList<>(List.of(line)));
            } else if (!out.isEmpty() && !line.isEmpty()) {
                out.get(out.size() - 1).add(line);
            }
        }
        return out;
    }
}
