package io.github.wildfiresfu.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.bench.load.JanusHttpClient.Handle;
import io.github.wildfiresfu.bench.load.JanusHttpClient.JanusException;
import io.github.wildfiresfu.bench.load.JanusHttpClient.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole-server load generator: real WebRTC peers (ICE, DTLS-SRTP, RTP) that publish and
 * subscribe through a server's Janus HTTP API and VideoRoom plugin, so the same run measures our
 * server and Debian's Janus 1.1.2.
 *
 * <p>A run: for each room a Janus session creates the room, its publishers join and publish
 * (offer: Opus + VP8, BUNDLE, rtcp-mux) and its subscribers join with the 1.x {@code streams}
 * form listing every publisher of the room and answer the server's offer; once every
 * PeerConnection is up (ICE, DTLS, SRTP; and the server said {@code webrtcup}) the publishers
 * send paced RTP for a warm-up, then for the measured window, then stop; the subscribers count
 * what they receive and decrypt. With {@code --server-pid} the server's CPU time in the window
 * is divided by the packets forwarded in it. See {@link LoadReport} for the figures and
 * {@link LoadOptions} for the options.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.wildfiresfu.bench.load.LoadGenerator
 * --janus http://127.0.0.1:8088/janus --rooms 1 --publishers 1 --subscribers 10 --seconds 10
 * --server-pid PID}; it prints the report and a {@code RESULT {json}} line, and exits 0 if every
 * subscriber received at least 90 % of what was sent without a decryption failure, 1 otherwise, 2
 * for bad options.
 */
public final class LoadGenerator {

    /** The VideoRoom plugin's package name. */
    static final String VIDEOROOM = "janus.plugin.videoroom";
    /** Below this share of the expected packets a subscriber counts as failing (exit status 1). */
    public static final double MIN_DELIVERY_PERCENT = 90.0;
    /** How long after the last packet the subscribers may still receive. */
    private static final Duration DRAIN = Duration.ofMillis(500);
    /** How long to wait for the server's {@code webrtcup} after our own DTLS completed. */
    private static final Duration WEBRTCUP_WAIT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(LoadGenerator.class.getName());

    /** A failure that ends the run (setup, signalling, ICE, DTLS), with a one-line reason. */
    public static final class LoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Participant(LoadPeer peer, Handle handle, String feedId) {
    }

    private record Room(String id, Session session, Handle owner, List<Participant> publishers,
            List<Participant> subscribers) {
    }

    private final LoadOptions options;
    private final List<Room> rooms = new ArrayList<>();
    /** The CPU the server is pinned to, or -1. */
    private final int serverCore;

    public LoadGenerator(LoadOptions options) {
        this.options = options;
        this.serverCore = options.serverPid() > 0 ? ProcessCpu.pinnedCpu(options.serverPid()) : -1;
    }

    /** Command line entry point; see the class documentation. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with {@code args}, printing the report to {@code out}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(LoadOptions.usage());
            return 0;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("load generator: " + e.getMessage());
            err.println(LoadOptions.usage());
            return 2;
        }
        try {
            LoadReport report = new LoadGenerator(options).run();
            out.println(report.toText());
            out.println("RESULT " + report.toJson());
            boolean ok = report.srtpFailures() == 0 && report.worstSubscriberPercent() >= MIN_DELIVERY_PERCENT;
            return ok ? 0 : 1;
        } catch (LoadException e) {
            err.println("load generator: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Sets up every room and peer, sends media for the warm-up and the window, and tears
     * everything down (rooms destroyed, sessions destroyed, sockets and threads released) whether
     * or not it succeeded.
     *
     * @throws LoadException if signalling fails or a peer does not connect within the setup timeout
     */
    public LoadReport run() {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(options.bind());
        } catch (UnknownHostException e) {
            throw new LoadException("--bind " + options.bind() + " is not an address", e);
        }
        int handshakeThreads = Math.min(64, Math.max(2, options.peers()));
        try (JanusHttpClient client = new JanusHttpClient(options.janus(), Duration.ofSeconds(10));
                PeerNetwork network = new PeerNetwork(options.threads(), bind, handshakeThreads)) {
            try {
                return measure(client, network);
            } finally {
                tearDown(client);
            }
        }
    }

    private LoadReport measure(JanusHttpClient client, PeerNetwork network) {
        long setupStart = System.nanoTime();
        Duration timeout = Duration.ofSeconds(options.setupTimeoutSeconds());
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        try {
            for (int r = 0; r < options.rooms(); r++) {
                setUpRoom(client, network, "load-" + runId + "-" + r, r, timeout);
            }
        } catch (JanusException | IllegalArgumentException e) {
            throw new LoadException("setup failed: " + e.getMessage(), e);
        }
        List<LoadPeer> peers = allPeers();
        peers.forEach(p -> awaitConnected(p, setupStart + timeout.toNanos()));
        long setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart);
        int webrtcupMissing = awaitSubscribersUp();

        LOG.log(Level.INFO, () -> peers.size() + " PeerConnections up in " + setupMillis + " ms; media warm-up for "
                + options.warmupSeconds() + " s");
        Snapshot start = snapshot(network);
        peers.forEach(LoadPeer::startMedia);
        sleep(Duration.ofSeconds(options.warmupSeconds()));
        Snapshot before = snapshot(network);
        // compare.sh waits for this line to profile the server during the window only.
        LOG.log(Level.INFO, () -> "measuring for " + options.seconds() + " s");
        sleep(Duration.ofSeconds(options.seconds()));
        Snapshot after = snapshot(network);
        LOG.log(Level.INFO, "window closed; draining");
        peers.forEach(LoadPeer::stopMedia);
        sleep(DRAIN);
        Snapshot end = snapshot(network);
        Set<Integer> ports = new HashSet<>();
        peers.forEach(p -> ports.add(p.localPort()));
        LoadReport.Drops drops = new LoadReport.Drops(end.udp.dropsSince(start.udp, ports),
                end.udp.dropsSinceExcept(start.udp, ports), end.udp.sendBufferErrors() - start.udp.sendBufferErrors());
        return report(before, after, end, drops, peers.size(), setupMillis, webrtcupMissing);
    }

    private void setUpRoom(JanusHttpClient client, PeerNetwork network, String roomId, int r, Duration timeout) {
        Session session = client.createSession();
        Handle owner = session.attach(VIDEOROOM);
        ObjectNode create = client.object().put("request", "create").put("room", roomId)
                .put("publishers", options.publishers()).put("audiocodec", "opus").put("videocodec", "vp8")
                .put("permanent", false);
        Room room = new Room(roomId, session, owner, new ArrayList<>(), new ArrayList<>());
        // Registered before anything else can fail, so tearDown() releases what was made.
        rooms.add(room);
        owner.request(create);
        for (int p = 0; p < options.publishers(); p++) {
            String feed = "r" + r + "-p" + p;
            Handle h = session.attach(VIDEOROOM);
            LoadPeer peer = new LoadPeer(feed, LoadPeer.Role.PUBLISHER, network, seed(r, p, 0));
            network.open(peer);
            room.publishers.add(new Participant(peer, h, feed));
            h.send(client.object().put("request", "join").put("ptype", "publisher").put("room", roomId)
                    .put("id", feed).put("display", feed), null, timeout);
            JsonNode answer = h.send(client.object().put("request", "publish"),
                    jsep(client, "offer", peer.publisherOffer(options, feed)), timeout);
            peer.acceptAnswer(sdpOf(answer, "publish answer"));
            addTrickled(h, peer);
        }
        // Both servers offer a feed to subscribers only once its PeerConnection is up (Janus:
        // session->started, set at webrtcup; otherwise "No such feed").
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Participant p : room.publishers) {
            awaitConnected(p.peer(), deadline);
            awaitWebrtcup(p.handle(), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        for (int s = 0; s < options.subscribers(); s++) {
            String name = "r" + r + "-s" + s;
            Handle h = session.attach(VIDEOROOM);
            LoadPeer peer = new LoadPeer(name, LoadPeer.Role.SUBSCRIBER, network, seed(r, s, 1));
            network.open(peer);
            room.subscribers.add(new Participant(peer, h, null));
            ObjectNode join = client.object().put("request", "join").put("ptype", "subscriber").put("room", roomId);
            ArrayNode streams = join.putArray("streams");
            room.publishers.forEach(pub -> streams.addObject().put("feed", pub.feedId()));
            JsonNode offer = h.send(join, null, timeout);
            String answer = peer.answerOffer(sdpOf(offer, "subscriber offer"));
            h.send(client.object().put("request", "start"), jsep(client, "answer", answer), timeout);
            addTrickled(h, peer);
        }
    }

    /**
     * A jsep with {@code "trickle": false}: our SDP already has every candidate (and
     * end-of-candidates). Without it Janus waits for trickled candidates and never answers our
     * checks; janus.js sets the same flag when it does not trickle.
     */
    private static ObjectNode jsep(JanusHttpClient client, String type, String sdp) {
        return client.object().put("type", type).put("sdp", sdp).put("trickle", false);
    }

    private static String sdpOf(JsonNode event, String what) {
        JsonNode sdp = event.path("jsep").path("sdp");
        if (!sdp.isTextual()) {
            throw new LoadException("the server's " + what + " carries no jsep.sdp: " + event, null);
        }
        return sdp.asText();
    }

    /** Candidates the server trickled (Janus may; ours puts them all in the SDP). */
    private static void addTrickled(Handle h, LoadPeer peer) {
        while (h.has(e -> e.path("janus").asText().equals("trickle"))) {
            JsonNode e = h.await(x -> x.path("janus").asText().equals("trickle"), Duration.ZERO, "trickle");
            JsonNode c = e.path("candidate");
            if (c.path("candidate").isTextual()) {
                peer.addRemoteCandidate(c.path("candidate").asText());
            }
        }
    }

    private void awaitConnected(LoadPeer p, long deadlineNanos) {
        try {
            p.connected().get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new LoadException(p.name() + " did not connect: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LoadException(p.name() + " did not connect within " + options.setupTimeoutSeconds() + " s: "
                    + p.diagnostics(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted while waiting for " + p.name(), e);
        }
    }

    private static void awaitWebrtcup(Handle h, Duration timeout) {
        h.await(e -> e.path("janus").asText().equals("webrtcup"), timeout, "webrtcup");
    }

    /** Waits for the server's {@code webrtcup} on every subscriber handle; returns how many never came. */
    private int awaitSubscribersUp() {
        long deadline = System.nanoTime() + WEBRTCUP_WAIT.toNanos();
        int missing = 0;
        for (Room room : rooms) {
            for (Participant p : room.subscribers) {
                try {
                    awaitWebrtcup(p.handle(), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (JanusException e) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Counters of every peer and the CPU times at one moment. */
    private record Snapshot(long nanos, Map<String, LoadPeer.Stats> stats, ProcessCpu.Times serverCpu,
            Map<String, Long> serverThreads, long generatorCpu, long machineBusy, long serverCoreBusy, UdpDrops udp) {
    }

    private Snapshot snapshot(PeerNetwork network) {
        List<CompletableFuture<List<LoadPeer.Stats>>> parts = new ArrayList<>();
        ProcessCpu.Times serverCpu = options.serverPid() > 0 ? cpu(options.serverPid()) : new ProcessCpu.Times(0, 0);
        Map<String, Long> serverThreads = options.serverPid() > 0 ? ProcessCpu.threadCpuNanos(options.serverPid())
                : Map.of();
        long generatorCpu = cpu(ProcessCpu.self()).totalNanos();
        long machineBusy;
        long serverCoreBusy;
        UdpDrops udp;
        try {
            machineBusy = ProcessCpu.machineBusyNanos();
            serverCoreBusy = serverCore >= 0 ? ProcessCpu.cpuBusyNanos(serverCore) : 0;
            udp = UdpDrops.read();
        } catch (IOException | RuntimeException e) {
            throw new LoadException("cannot read /proc/stat or /proc/net: " + e.getMessage(), e);
        }
        long now = System.nanoTime();
        network.loops().forEach(l -> parts.add(l.collect(LoadPeer::stats)));
        Map<String, LoadPeer.Stats> stats = new HashMap<>();
        for (CompletableFuture<List<LoadPeer.Stats>> part : parts) {
            part.join().forEach(s -> stats.put(s.name(), s));
        }
        return new Snapshot(now, stats, serverCpu, serverThreads, generatorCpu, machineBusy, serverCoreBusy, udp);
    }

    private static ProcessCpu.Times cpu(long pid) {
        try {
            return ProcessCpu.times(pid);
        } catch (IOException e) {
            throw new LoadException("cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
        }
    }

    private LoadReport report(Snapshot before, Snapshot after, Snapshot end, LoadReport.Drops drops, int peers,
            long setupMillis, int webrtcupMissing) {
        double window = (after.nanos - before.nanos) / 1e9;
        long sent = 0;
        long expected = 0;
        long forwarded = 0;
        long audio = 0;
        long video = 0;
        List<LoadReport.SubscriberTotal> totals = new ArrayList<>();
        long srtpFailures = 0;
        long earlyMedia = 0;
        long stunDropped = 0;
        long unknownDatagrams = 0;
        long sendFailures = 0;
        long rtcpReceived = 0;
        Map<String, Long> failureDetail = new java.util.TreeMap<>();
        long slips = 0;
        long keyframeRequests = 0;
        long nacks = 0;
        String profile = "";
        for (Room room : rooms) {
            long roomSent = 0;
            long roomSentTotal = 0;
            for (Participant p : room.publishers) {
                String n = p.peer().name();
                roomSent += after.stats.get(n).sent() - before.stats.get(n).sent();
                roomSentTotal += end.stats.get(n).sent();
                keyframeRequests += end.stats.get(n).keyframeRequests();
                nacks += end.stats.get(n).nacksReceived();
                slips += end.stats.get(n).pacingSlips();
            }
            sent += roomSent;
            for (Participant s : room.subscribers) {
                String n = s.peer().name();
                LoadPeer.Stats a = after.stats.get(n);
                LoadPeer.Stats b = before.stats.get(n);
                LoadPeer.Stats e = end.stats.get(n);
                expected += roomSent;
                forwarded += a.received() - b.received();
                audio += a.audioReceived() - b.audioReceived();
                video += a.videoReceived() - b.videoReceived();
                totals.add(new LoadReport.SubscriberTotal(n, roomSentTotal, e.received(), e.srtpFailures()));
            }
            for (Participant p : participants(room)) {
                LoadPeer.Stats e = end.stats.get(p.peer().name());
                srtpFailures += e.srtpFailures();
                earlyMedia += e.earlyMedia();
                stunDropped += e.stunDropped();
                unknownDatagrams += e.unknownDatagrams();
                sendFailures += e.sendFailures();
                rtcpReceived += e.rtcpReceived();
                e.srtpFailureDetail().forEach((k, v) -> failureDetail.merge(k.name(), v, Long::sum));
                if (profile.isEmpty()) {
                    profile = e.srtpProfile();
                }
            }
        }
        double serverCpu = options.serverPid() > 0
                ? (after.serverCpu.totalNanos() - before.serverCpu.totalNanos()) / 1e9 : -1;
        double serverSystem = options.serverPid() > 0
                ? (after.serverCpu.systemNanos() - before.serverCpu.systemNanos()) / 1e9 : -1;
        double generatorCpu = (after.generatorCpu - before.generatorCpu) / 1e9;
        double machineBusy = (after.machineBusy - before.machineBusy) / 1e9;
        // Other processes' CPU in the window, in cores (an in-process server is part of the generator's time).
        double otherCores = Math.max(0, machineBusy - generatorCpu
                - (options.serverPid() > 0 && options.serverPid() != ProcessCpu.self() ? serverCpu : 0)) / window;
        // What else ran on the server's own core: the noise that matters most for its figures.
        double serverCoreOther = serverCore < 0 || options.serverPid() == ProcessCpu.self() ? -1
                : Math.max(0, 100 * ((after.serverCoreBusy - before.serverCoreBusy) / 1e9 - serverCpu) / window);
        List<LoadReport.ThreadCpu> threads = new ArrayList<>();
        after.serverThreads.forEach((name, nanos) -> {
            double seconds = (nanos - before.serverThreads.getOrDefault(name, 0L)) / 1e9;
            if (seconds > 0) {
                threads.add(new LoadReport.ThreadCpu(name, seconds));
            }
        });
        threads.sort((x, y) -> Double.compare(y.cpuSeconds(), x.cpuSeconds()));
        long expectedTotal = totals.stream().mapToLong(LoadReport.SubscriberTotal::expected).sum();
        long receivedTotal = totals.stream().mapToLong(LoadReport.SubscriberTotal::received).sum();
        return new LoadReport(options.label(), options.rooms(), options.publishers(), options.subscribers(), peers,
                setupMillis, profile, webrtcupMissing, window, sent, expected, forwarded, audio, video, sent / window,
                forwarded / window, expected == 0 ? 0 : 100.0 * (expected - forwarded) / expected,
                expectedTotal == 0 ? 0 : 100.0 * (expectedTotal - receivedTotal) / expectedTotal,
                otherCores, serverCoreOther, drops, srtpFailures,
                earlyMedia, serverCpu, serverSystem, threads, serverCpu < 0 ? -1 : 100 * serverCpu / window,
                serverCpu < 0 || forwarded == 0 ? -1 : serverCpu * 1e6 / forwarded, generatorCpu,
                sent + forwarded == 0 ? 0 : generatorCpu * 1e6 / (sent + forwarded), slips, keyframeRequests, nacks,
                new LoadReport.GeneratorCounters(stunDropped, unknownDatagrams, sendFailures, rtcpReceived,
                        failureDetail), totals);
    }

    private List<LoadPeer> allPeers() {
        List<LoadPeer> peers = new ArrayList<>();
        rooms.forEach(r -> participants(r).forEach(p -> peers.add(p.peer())));
        return peers;
    }

    private static List<Participant> participants(Room room) {
        List<Participant> all = new ArrayList<>(room.publishers);
        all.addAll(room.subscribers);
        return all;
    }

    /** Destroys the rooms and sessions (the server hangs the PeerConnections up), then closes the peers. */
    private void tearDown(JanusHttpClient client) {
        for (Room room : rooms) {
            try {
                room.owner.request(client.object().put("request", "destroy").put("room", room.id));
            } catch (JanusException e) {
                // Our server removes a room when its last participant leaves; Janus keeps it. Either is fine.
                LOG.log(Level.DEBUG, "destroying room " + room.id + ": " + e.getMessage());
            }
            room.session.destroy();
            participants(room).forEach(p -> p.peer().close());
        }
        rooms.clear();
    }

    private static long seed(int room, int index, int role) {
        return ((long) room << 32) ^ ((long) index << 8) ^ role ^ 0x5DEECE66DL;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
    }
}
