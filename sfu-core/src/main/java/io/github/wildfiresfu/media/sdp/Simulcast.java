package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:<send|recv> <list> [<send|recv> <list>]} (RFC 8853 §5.1). A list is
 * streams separated by {@code ;}, each stream one or more alternative rids separated by
 * {@code ,}; a rid prefixed with {@code ~} is paused.
 *
 * @param send the send streams (each a list of alternatives), empty if no send part
 * @param recv the receive streams, empty if no recv part
 */
public record Simulcast(List<List<Alternative>> send, List<List<Alternative>> recv) {

    /** One rid in a simulcast stream, paused when written with {@code ~}. */
    public record Alternative(String rid, boolean paused) {

        public Alternative {
            Rid.requireRidId(rid);
        }

        String toSdp() {
            return paused ? "~" + rid : rid;
        }
    }

    public Simulcast {
        send = send.stream().map(List::copyOf).toList();
        recv = recv.stream().map(List::copyOf).toList();
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("simulcast lists no stream");
        }
        for (List<Alternative> stream : concat(send, recv)) {
            if (stream.isEmpty()) {
                throw new IllegalArgumentException("simulcast stream has no rid");
            }
        }
    }

    /** Receive streams, one unpaused rid each, in this order. */
    public static Simulcast recvOf(List<String> rids) {
        return new Simulcast(List.of(), rids.stream().map(r -> List.of(new Alternative(r, false))).toList());
    }

    /** Parses the attribute value. */
    public static Simulcast parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() != 2 && f.size() != 4) {
            throw new IllegalArgumentException("simulcast must be <send|recv> <rids> [<send|recv> <rids>]");
        }
        List<List<Alternative>> send = List.of();
        List<List<Alternative>> recv = List.of();
        for (int i = 0; i < f.size(); i += 2) {
            List<List<Alternative>> streams = streams(f.get(i + 1));
            if ("send".equals(f.get(i)) && send.isEmpty()) {
                send = streams;
            } else if ("recv".equals(f.get(i)) && recv.isEmpty()) {
                recv = streams;
            } else {
                throw new IllegalArgumentException("simulcast direction \"" + f.get(i)
                        + "\" must be send or recv, each at most once");
            }
        }
        return new Simulcast(send, recv);
    }

    private static List<List<Alternative>> streams(String list) {
        List<List<Alternative>> out = new ArrayList<>();
        for (String stream : list.split(";", -1)) {
            List<Alternative> alts = new ArrayList<>();
            for (String alt : stream.split(",", -1)) {
                boolean paused = alt.startsWith("~");
                alts.add(new Alternative(paused ? alt.substring(1) : alt, paused));
            }
            out.add(alts);
        }
        return out;
    }

    /** The first alternative of each send stream, in order (the rids a publisher sends). */
    public List<String> sendRids() {
        return send.stream().map(s -> s.get(0).rid()).toList();
    }

    /** The first alternative of each receive stream, in order. */
    public List<String> recvRids() {
        return recv.stream().map(s -> s.get(0).rid()).toList();
    }

    /** Every rid named, send then receive. */
    public List<Alternative> allAlternatives() {
        List<Alternative> out = new ArrayList<>();
        concat(send, recv).forEach(out::addAll);
        return out;
    }

    /** This simulcast as seen by the answerer: send becomes recv and recv becomes send. */
    public Simulcast reversed() {
        return new Simulcast(recv, send);
    }

    /** The attribute value. */
    public String toSdp() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) {
            sb.append("send ").append(list(send));
        }
        if (!recv.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("recv ").append(list(recv));
        }
        return sb.toString();
    }

    private static String list(List<List<Alternative>> streams) {
        List<String> parts = new ArrayList<>();
        for (List<Alternative> s : streams) {
            parts.add(String.join(",", s.stream().map(Alternative::toSdp).toList()));
        }
        return String.join(";", parts);
    }

    private static List<List<Alternative>> concat(List<List<Alternative>> a, List<List<Alternative>> b) {
        List<List<Alternative>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
