package io.github.wildfiresfu.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a load-generator run measured. The window figures compare two snapshots of every peer's
 * counters taken {@code windowSeconds} apart while media flows; the per-subscriber totals cover
 * the whole run, from the first packet to a short drain after the last.
 *
 * <p>"Forwarded" packets are RTP packets a subscriber received and decrypted (audio and video;
 * RTCP is not counted), so the server's CPU per forwarded packet includes its share of receiving
 * and decrypting the publishers' packets, RTCP, STUN and timers: the whole cost of a forwarded
 * packet, as the product requirement means it.
 *
 * @param label                    name of the run
 * @param rooms                    rooms
 * @param publishers               publishers per room
 * @param subscribers              subscribers per room
 * @param peers                    PeerConnections that connected (DTLS-SRTP up)
 * @param setupMillis              from the first request until every peer was connected
 * @param srtpProfile              the SRTP profile DTLS negotiated (of the first peer)
 * @param webrtcupMissing          handles for which the server sent no {@code webrtcup} event
 * @param windowSeconds            measured window
 * @param sentPackets              RTP packets the publishers sent in the window
 * @param expectedForwarded        what the subscribers should have received in the window (each
 *                                 subscriber gets every packet of every publisher of its room)
 * @param forwardedPackets         RTP packets the subscribers received and decrypted in the window
 * @param forwardedAudio           of which audio
 * @param forwardedVideo           of which video
 * @param sentPerSecond            sentPackets per second
 * @param forwardedPerSecond       forwardedPackets per second
 * @param windowLossPercent        1 - forwarded / expected in the window, in percent; packets in
 *                                 flight at the window's edges make it slightly off (even negative)
 * @param lossPercent              whole run (warm-up, window and drain): 1 - received / expected
 *                                 over every subscriber, in percent; exact
 * @param otherCpuCores            CPU other processes used in the window, in cores (machine busy
 *                                 time minus the server's and the generator's): the noise
 * @param serverCoreOtherPercent   what other processes used of the server's core in the window,
 *                                 in percent, when the server is pinned to one core; else -1
 * @param udpDrops                 datagrams the kernel dropped while media flowed (whole run)
 * @param srtpFailures             packets that failed to decrypt (whole run)
 * @param earlyMedia               SRTP packets that arrived before the keys (whole run)
 * @param serverCpuSeconds         the server process's CPU time in the window, -1 without {@code --server-pid}
 * @param serverSystemSeconds      of which in the kernel (system calls, UDP send and loopback
 *                                 delivery), -1 without {@code --server-pid}
 * @param serverThreads            the server's CPU in the window by thread name (digits as N),
 *                                 busiest first: where its time went
 * @param serverCpuPercent         of one core
 * @param serverMicrosPerForwarded server CPU µs per forwarded packet, -1 without {@code --server-pid}
 * @param generatorCpuSeconds      this process's CPU time in the window
 * @param generatorMicrosPerPacket generator CPU µs per packet it sent or received
 * @param pacingSlips              times a publisher fell 20 ms behind its schedule (generator overloaded)
 * @param keyframeRequests         PLI/FIR the publishers received (whole run)
 * @param nacksReceived            NACKs the publishers received (whole run)
 * @param generatorCounters        the generator's own anomalies (whole run)
 * @param subscriberTotals         each subscriber's whole-run count
 */
public record LoadReport(String label, int rooms, int publishers, int subscribers, int peers, long setupMillis,
        String srtpProfile, int webrtcupMissing, double windowSeconds, long sentPackets, long expectedForwarded,
        long forwardedPackets, long forwardedAudio, long forwardedVideo, double sentPerSecond,
        double forwardedPerSecond, double windowLossPercent, double lossPercent, double otherCpuCores,
        double serverCoreOtherPercent, Drops udpDrops,
        long srtpFailures, long earlyMedia, double serverCpuSeconds, double serverSystemSeconds,
        List<ThreadCpu> serverThreads, double serverCpuPercent, double serverMicrosPerForwarded, double generatorCpuSeconds,
        double generatorMicrosPerPacket, long pacingSlips, long keyframeRequests, long nacksReceived,
        GeneratorCounters generatorCounters, List<SubscriberTotal> subscriberTotals) {

    /**
     * One subscriber over the whole run.
     *
     * @param name         the peer's name ({@code r<room>-s<n>})
     * @param expected     packets its room's publishers sent
     * @param received     RTP packets it received and decrypted
     * @param srtpFailures packets it could not decrypt
     */
    public record SubscriberTotal(String name, long expected, long received, long srtpFailures) {

        /** Received as a share of expected, in percent. */
        public double percent() {
            return expected == 0 ? 0 : 100.0 * received / expected;
        }
    }

    /**
     * Datagrams the kernel dropped while media flowed: where a loss happened.
     *
     * @param generatorSockets receive-buffer drops at the generator's sockets (it fell behind)
     * @param otherSockets     receive-buffer drops at every other socket of the network namespace
     *                         (in {@code compare.sh}'s private namespace: the server's)
     * @param sendBuffer       the namespace's UDP send-buffer errors
     */
    public record Drops(long generatorSockets, long otherSockets, long sendBuffer) {
    }

    /**
     * CPU time of the server's threads of one name in the window.
     *
     * @param name       thread name, digit runs replaced by N
     * @param cpuSeconds user + system time
     */
    public record ThreadCpu(String name, double cpuSeconds) {
    }

    /**
     * What the generator's peers dropped or could not do (whole run): each should be 0 or explained.
     *
     * @param stunDropped      STUN messages that were malformed, not for us, failed integrity or matched no check
     * @param unknownDatagrams datagrams no RFC 7983 protocol claims, or too large
     * @param sendFailures     packets not sent (no selected pair yet, SRTP refused, socket error)
     * @param rtcpReceived     SRTCP packets from the server that decrypted (reports, PLI, NACK)
     * @param srtpFailures     decryption failures by {@code SrtpStatus} name
     */
    public record GeneratorCounters(long stunDropped, long unknownDatagrams, long sendFailures, long rtcpReceived,
            Map<String, Long> srtpFailures) {
        public GeneratorCounters {
            srtpFailures = Map.copyOf(srtpFailures);
        }
    }

    public LoadReport {
        subscriberTotals = List.copyOf(subscriberTotals);
        serverThreads = List.copyOf(serverThreads);
    }

    /** The worst subscriber's whole-run share, in percent (100 without subscribers). */
    public double worstSubscriberPercent() {
        return subscriberTotals.stream().mapToDouble(SubscriberTotal::percent).min().orElse(100);
    }

    /** A few human-readable lines. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d room(s) x %d publisher(s) x %d subscriber(s), %d PeerConnections "
                        + "up in %d ms (%s)%s%n", label, rooms, publishers, subscribers, peers, setupMillis, srtpProfile,
                webrtcupMissing == 0 ? "" : ", " + webrtcupMissing + " without webrtcup"));
        sb.append(String.format(Locale.ROOT, "  window %.1f s: sent %d RTP (%.0f/s); forwarded %d of %d expected "
                        + "(%.0f/s; audio %d, video %d), loss %.2f %%; other processes used %.2f cores%s%n",
                windowSeconds, sentPackets, sentPerSecond, forwardedPackets, expectedForwarded, forwardedPerSecond,
                forwardedAudio, forwardedVideo, windowLossPercent, otherCpuCores, serverCoreOtherPercent < 0 ? ""
                        : String.format(Locale.ROOT, ", %.1f %% of the server's core", serverCoreOtherPercent)));
        if (serverCpuSeconds >= 0) {
            sb.append(String.format(Locale.ROOT, "  server CPU %.2f s (%.1f %% of a core; %.0f %% of it in the kernel): "
                            + "%.2f us per forwarded packet%n", serverCpuSeconds, serverCpuPercent,
                    serverCpuSeconds > 0 ? 100 * serverSystemSeconds / serverCpuSeconds : 0, serverMicrosPerForwarded));
            sb.append("  server threads:");
            serverThreads.stream().limit(6).forEach(t -> sb.append(String.format(Locale.ROOT, " %s %.0f %%;", t.name(),
                    serverCpuSeconds > 0 ? 100 * t.cpuSeconds() / serverCpuSeconds : 0)));
            sb.append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "  generator CPU %.2f s: %.2f us per packet sent or received%n",
                generatorCpuSeconds, generatorMicrosPerPacket));
        sb.append(String.format(Locale.ROOT, "  whole run: loss %.2f %%, worst subscriber got %.2f %% of what was sent; "
                        + "kernel UDP drops: generator %d, server/other %d, send buffer %d; "
                        + "SRTP failures %d, media before keys %d, pacing slips %d, keyframe requests %d, NACKs %d",
                lossPercent, worstSubscriberPercent(), udpDrops.generatorSockets(), udpDrops.otherSockets(),
                udpDrops.sendBuffer(), srtpFailures, earlyMedia, pacingSlips, keyframeRequests, nacksReceived));
        GeneratorCounters g = generatorCounters;
        if (g.stunDropped() + g.unknownDatagrams() + g.sendFailures() > 0 || !g.srtpFailures().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n  generator anomalies: STUN dropped %d, unknown datagrams %d, "
                    + "send failures %d, SRTP failures by reason %s", g.stunDropped(), g.unknownDatagrams(),
                    g.sendFailures(), g.srtpFailures()));
        }
        return sb.toString();
    }

    /** One JSON object (for scripts: {@code interop/load/compare.sh} reads it). */
    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }
}
