package io.github.wildfiresfu.launcher;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.ConfigFolder;
import io.github.wildfiresfu.config.JanusConfig;
import io.github.wildfiresfu.janus.CoreScheduler;
import io.github.wildfiresfu.janus.ExecutorCoreScheduler;
import io.github.wildfiresfu.janus.JanusCore;
import io.github.wildfiresfu.janus.JanusCoreSettings;
import io.github.wildfiresfu.janus.TransportInfo;
import io.github.wildfiresfu.janus.videoroom.EngineVideoRoomMedia;
import io.github.wildfiresfu.janus.videoroom.JcfgRoomConfigStore;
import io.github.wildfiresfu.janus.videoroom.RoomConfigStore;
import io.github.wildfiresfu.janus.videoroom.VideoRoomListener;
import io.github.wildfiresfu.janus.videoroom.VideoRoomPlugin;
import io.github.wildfiresfu.janus.videoroom.VideoRoomSettings;
import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.dtls.DtlsCertificateException;
import io.github.wildfiresfu.media.dtls.DtlsConfig;
import io.github.wildfiresfu.media.engine.MediaEngine;
import io.github.wildfiresfu.media.engine.MediaEngineSettings;
import io.github.wildfiresfu.media.ice.HostAddressSelector;
import io.github.wildfiresfu.media.routing.TestFaults;
import io.github.wildfiresfu.recorder.MjrRecorder;
import io.github.wildfiresfu.transport.http.HttpTransportSettings;
import io.github.wildfiresfu.transport.http.JanusHttpServer;
import io.github.wildfiresfu.transport.http.JanusWebSocketServer;
import io.github.wildfiresfu.transport.http.WebSocketTransportSettings;
import io.github.wildfiresfu.transport.mqtt.MqttTransportSettings;
import io.github.wildfiresfu.transport.mqtt.PbModeSwitch;
import io.github.wildfiresfu.transport.mqtt.WildfireMqttTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One running server: the WebRTC media engine, the Janus core with the VideoRoom plugin (its media
 * port is the engine, through {@link EngineVideoRoomMedia}) and the transports, built from a Janus
 * config folder (or embedded defaults). The wiring is manual, in the order things depend on each
 * other; {@link #close()} takes it down in reverse (transports first so no new request arrives,
 * then sessions, whose PeerConnections hang up, then the core thread, then the media engine, then the
 * recorder, whose open files are closed and renamed), releasing every port and thread.
 *
 * <p>Embeddable: another Java server can call {@link #start(Path, Map)} and use {@link #core()}.
 */
public final class WildfireSfu implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WildfireSfu.class.getName());

    /** Transport libraries a janus.jcfg {@code transports.disable} list may name. */
    static final String HTTP_LIBRARY = "libjanus_http.so";
    static final String WEBSOCKETS_LIBRARY = "libjanus_websockets.so";
    static final String MQTT_LIBRARY = "libjanus_mqtt.so";

    private final CoreScheduler scheduler;
    private final MediaEngine media;
    private final MjrStreamRecorder recorder;
    private final JanusCore core;
    private final VideoRoomPlugin videoRoom;
    private final List<AutoCloseable> transports;
    private final List<InetSocketAddress> httpAddresses;
    private final List<InetSocketAddress> webSocketAddresses;
    private volatile boolean closed;

    private WildfireSfu(CoreScheduler scheduler, MediaEngine media, MjrStreamRecorder recorder, JanusCore core,
            VideoRoomPlugin videoRoom, List<AutoCloseable> transports, List<InetSocketAddress> http,
            List<InetSocketAddress> ws) {
        this.scheduler = scheduler;
        this.media = media;
        this.recorder = recorder;
        this.core = core;
        this.videoRoom = videoRoom;
        this.transports = transports;
        this.httpAddresses = http;
        this.webSocketAddresses = ws;
    }

    /**
     * Reads the config folder ({@code null} = embedded defaults), starts the core and the
     * enabled transports. Throws {@link io.github.wildfiresfu.config.ConfigException} for a bad
     * configuration and {@link io.github.wildfiresfu.transport.http.TransportStartException}
     * when a port cannot be bound; nothing is left running in either case.
     */
    public static WildfireSfu start(Path configsFolder, Map<String, String> env) {
        Consumer<String> warn = w -> LOG.log(System.Logger.Level.WARNING, w);
        ConfigFolder folder = ConfigFolder.open(configsFolder, warn);
        JanusConfig janus = JanusConfig.load(folder, env, warn);
        VideoRoomSettings videoRoomSettings = VideoRoomSettings.fromJcfg(folder.file(ConfigFolder.VIDEOROOM), warn);
        HttpTransportSettings http = HttpTransportSettings.fromJcfg(folder.file(ConfigFolder.HTTP), warn);
        WebSocketTransportSettings ws = WebSocketTransportSettings.fromJcfg(folder.file(ConfigFolder.WEBSOCKETS), warn);
        MqttTransportSettings mqtt = MqttTransportSettings.fromJcfg(folder.file(ConfigFolder.MQTT), warn);
        boolean httpEnabled = http.enabled() && !janus.transports().isDisabled(HTTP_LIBRARY);
        boolean wsEnabled = ws.enabled() && !janus.transports().isDisabled(WEBSOCKETS_LIBRARY);
        boolean mqttEnabled = mqtt.enabled() && !janus.transports().isDisabled(MQTT_LIBRARY);
        if (!httpEnabled && !wsEnabled && !mqttEnabled) {
            throw new io.github.wildfiresfu.config.ConfigException(
                    "every transport is disabled (HTTP, WebSocket and MQTT): nothing could reach the server");
        }

        // A file-backed store only when there is a folder to keep the file in (Janus answers
        // "No configuration file, can't create permanent room" otherwise).
        RoomConfigStore store = folder.pathOf(ConfigFolder.VIDEOROOM).map(JcfgRoomConfigStore::new).orElse(null);

        // TestFaults reads only explicitly set WILDFIRE_SFU_TEST_* variables (browser loss tests).
        MediaEngineSettings mediaSettings = mediaSettings(janus, systemInterfaces()).withTestFaults(testFaults(env));
        MediaEngine media = new MediaEngine(mediaSettings);
        // One MJR recorder for the process (issue #4), started with the first recording; recordings_tmp_ext
        // applies to every file, as in Janus.
        MjrStreamRecorder recorder = new MjrStreamRecorder(janus.general().recordingsTmpExt().orElse(null),
                MjrRecorder::start);
        CoreScheduler scheduler = new ExecutorCoreScheduler();
        JanusCore core = null;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // Wildfire's PB output is switched on, process-wide and for good, by the first room created
            // with pb_message (wildfire-protocol.md §2 item 3); the plugin calls this on the core thread
            // before the reply to that create leaves, so the reply itself already goes out as PB.
            PbModeSwitch pbMode = new PbModeSwitch();
            VideoRoomListener listener = new VideoRoomListener() {
                @Override
                public void onPbMessageRoomCreated(String roomId) {
                    if (pbMode.enable()) {
                        LOG.log(System.Logger.Level.INFO, "Room " + roomId + " has pb_message: MQTT output is protobuf"
                                + " from now on");
                    }
                }
            };
            EngineVideoRoomMedia videoRoomMedia = new EngineVideoRoomMedia(media, recorder);
            VideoRoomPlugin videoRoom = new VideoRoomPlugin(videoRoomSettings, videoRoomMedia, store,
                    listener, scheduler::execute);
            core = new JanusCore(coreSettings(janus), List.of(videoRoom), scheduler);
            videoRoomMedia.attach(core);
            List<InetSocketAddress> httpBound = new ArrayList<>();
            List<InetSocketAddress> wsBound = new ArrayList<>();
            if (httpEnabled) {
                core.registerTransport(new TransportInfo("janus.transport.http", "JANUS REST (HTTP/HTTPS) transport plugin",
                        "Wildfire SFU", "HTTP long-poll transport of Wildfire SFU (Janus API)", Version.STRING,
                        Version.NUMBER));
                JanusHttpServer server = new JanusHttpServer(http, core);
                started.add(server);
                InetSocketAddress bound = server.start();
                httpBound.add(bound);
                LOG.log(System.Logger.Level.INFO, "HTTP transport listening on http://" + hostPort(bound)
                        + http.basePath());
            }
            if (wsEnabled) {
                core.registerTransport(new TransportInfo("janus.transport.websockets", "JANUS WebSockets transport plugin",
                        "Wildfire SFU", "WebSocket transport of Wildfire SFU (Janus API, janus-protocol)",
                        Version.STRING, Version.NUMBER));
                JanusWebSocketServer server = new JanusWebSocketServer(ws, core);
                started.add(server);
                InetSocketAddress bound = server.start();
                wsBound.add(bound);
                LOG.log(System.Logger.Level.INFO, "WebSocket transport listening on ws://" + hostPort(bound)
                        + "/ (subprotocol janus-protocol)");
            }
            if (mqttEnabled) {
                core.registerTransport(WildfireMqttTransport.transportInfo(Version.STRING, Version.NUMBER));
                WildfireMqttTransport transport = new WildfireMqttTransport(mqtt, core, pbMode);
                started.add(transport);
                // Non-blocking: /api/node bootstrap and the broker connection run (and retry) in the background.
                transport.start();
                LOG.log(System.Logger.Level.INFO, "MQTT transport started (IM " + String.join(",", mqtt.imHosts())
                        + ":" + mqtt.imPort() + ", client id " + mqtt.clientId() + ")");
            }
            LOG.log(System.Logger.Level.INFO, "WebRTC media on " + (mediaSettings.singlePort() > 0
                    ? "single UDP port " + mediaSettings.singlePort()
                    : "UDP ports " + mediaSettings.portMin() + "-" + mediaSettings.portMax()) + ", candidates " + mediaSettings.addresses().stream()
                            .map(a -> a.advertised().getHostAddress()).distinct().toList()
                    + (media.usesEpoll() ? " (epoll)" : " (NIO)"));
            LOG.log(System.Logger.Level.INFO, "Wildfire SFU " + Version.STRING + " started ("
                    + folder.folder().map(p -> "configs folder " + p).orElse("embedded defaults") + ", "
                    + videoRoomSettings.rooms().size() + " static room(s))");
            return new WildfireSfu(scheduler, media, recorder, core, videoRoom, started, List.copyOf(httpBound),
                    List.copyOf(wsBound));
        } catch (RuntimeException e) {
            Collections.reverse(started);
            for (AutoCloseable c : started) {
                closeQuietly(c);
            }
            if (core != null) {
                core.shutdown();
            }
            closeQuietly(scheduler);
            closeQuietly(media);
            closeQuietly(recorder);
            throw e;
        }
    }

    private static List<HostAddressSelector.HostInterface> systemInterfaces() {
        try {
            return HostAddressSelector.systemInterfaces();
        } catch (SocketException e) {
            throw new ConfigException("cannot list the network interfaces for ICE candidates: " + e.getMessage(), e);
        }
    }

    /**
     * The media engine's settings from janus.jcfg: {@code media.rtp_port_range}, {@code dtls_mtu},
     * {@code dtls_timeout}, {@code min_nack_queue}, {@code no_media_timer}, the {@code nat}
     * section's address rules ({@code ice_enforce_list}, {@code ice_ignore_list},
     * {@code nat_1_1_mapping} or {@code DOCKER_IP}, {@code keep_private_host}; loopback interfaces
     * are allowed, unlike Janus), the {@code certificates} section (generated when {@code cert_pem}
     * is not set) and {@code general.event_loops} (media loops; 0 = one per core).
     *
     * @throws ConfigException when no address qualifies or the certificate cannot be loaded
     */
    static MediaEngineSettings mediaSettings(JanusConfig c, List<HostAddressSelector.HostInterface> interfaces) {
        JanusConfig.Nat nat = c.nat();
        JanusConfig.Media m = c.media();
        HostAddressSelector selector = new HostAddressSelector(nat.iceEnforceList(), nat.iceIgnoreList(), m.ipv6(),
                m.ipv6LinkLocal(), true, nat.nat11Mapping(), nat.keepPrivateHost());
        List<HostAddressSelector.HostAddress> addresses = selector.select(interfaces);
        if (addresses.isEmpty()) {
            throw new ConfigException("no network address qualifies for ICE candidates (ice_enforce_list "
                    + nat.iceEnforceList() + ", ice_ignore_list " + nat.iceIgnoreList() + ", ipv6 " + m.ipv6() + ")");
        }
        DtlsCertificate certificate = certificate(c.certificates());
        int loops = c.general().eventLoops() > 0 ? c.general().eventLoops() : Runtime.getRuntime().availableProcessors();
        // Janus keeps at least min_nack_queue of packets for retransmission; more costs only memory.
        Duration window = Duration.ofMillis(Math.max(m.minNackQueueMs(),
                MediaEngineSettings.DEFAULT_RETRANSMISSION_WINDOW.toMillis()));
        return MediaEngineSettings.defaults(addresses, certificate)
                .withPortRange(m.rtpPortRange().min(), m.rtpPortRange().max())
                .withDtls(m.dtlsMtu(), Duration.ofMillis(m.dtlsTimeoutMs()), DtlsConfig.DEFAULT_HANDSHAKE_TIMEOUT)
                .withThreads(loops, MediaEngineSettings.DEFAULT_DTLS_THREADS)
                .withRetransmissionWindow(window)
                .withNoMediaTimer(Duration.ofSeconds(m.noMediaTimerSeconds()))
                .withSinglePort(m.singlePort())
                .withSlowLinkThreshold(m.slowlinkThreshold())
                .withTransportCcPeriod(Duration.ofMillis(m.twccPeriodMs()));
    }

    /** TEST ONLY faults from {@code WILDFIRE_SFU_TEST_*} variables; none unless one is set. */
    private static TestFaults testFaults(Map<String, String> env) {
        try {
            return TestFaults.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static DtlsCertificate certificate(JanusConfig.Certificates c) {
        if (c.certPem().isEmpty()) {
            return DtlsCertificate.generate();
        }
        try {
            return DtlsCertificate.load(Path.of(c.certPem().get()), Path.of(c.certKey().orElseThrow()),
                    c.certPwd().orElse(null));
        } catch (DtlsCertificateException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    static JanusCoreSettings coreSettings(JanusConfig c) {
        JanusConfig.General g = c.general();
        JanusConfig.Nat nat = c.nat();
        JanusCoreSettings.InfoSummary d = JanusCoreSettings.InfoSummary.defaults();
        String localIp = g.interfaceAddress().orElse(d.localIp());
        List<String> publicIps = nat.nat11Mapping().stream().map(InetAddress::getHostAddress).toList();
        JanusCoreSettings.InfoSummary info = new JanusCoreSettings.InfoSummary(localIp, publicIps,
                c.media().ipv6(), c.media().ipv6LinkLocal(), nat.iceLite(), nat.iceTcp(), nat.iceNomination(),
                nat.iceKeepaliveConncheck(), nat.fullTrickle(), !nat.ignoreMdns(), c.media().minNackQueueMs(),
                c.media().nackOptimizations(), c.media().twccPeriodMs(), c.media().dscp(), c.media().dtlsMtu(),
                nat.stunServer().orElse(null), nat.turn().map(t -> t.server()).orElse(null), nat.allowForceRelay(),
                g.eventLoops(), g.allowLoopIndication(), d.dataChannels(), g.logToStdout(), g.logToFile().isPresent(),
                g.logToFile().orElse(null), g.hideDependencies());
        return JanusCoreSettings.builder()
                .serverName(g.serverName())
                .sessionTimeoutSeconds(g.sessionTimeoutSeconds())
                .reclaimSessionTimeoutSeconds(g.reclaimSessionTimeoutSeconds())
                .candidatesTimeoutSeconds(g.candidatesTimeoutSeconds())
                .apiSecret(g.apiSecret().orElse(null))
                .tokenAuth(g.tokenAuth())
                .tokenAuthSecret(g.tokenAuthSecret().orElse(null))
                .opaqueIdInApi(g.opaqueIdInApi())
                .info(info)
                .build();
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public JanusCore core() {
        return core;
    }

    /** Whether the MQTT link to the Wildfire IM is enabled and currently connected to its broker. */
    public boolean mqttConnected() {
        for (AutoCloseable t : transports) {
            if (t instanceof WildfireMqttTransport mqtt && mqtt.isConnected()) {
                return true;
            }
        }
        return false;
    }

    /** The WebRTC media engine. */
    public MediaEngine media() {
        return media;
    }

    public VideoRoomPlugin videoRoom() {
        return videoRoom;
    }

    /** Where the HTTP transport listens (empty if disabled). */
    public List<InetSocketAddress> httpAddresses() {
        return httpAddresses;
    }

    /** Where the WebSocket transport listens (empty if disabled). */
    public List<InetSocketAddress> webSocketAddresses() {
        return webSocketAddresses;
    }

    /**
     * Stops accepting requests, destroys every session (hanging up their PeerConnections), stops
     * every thread and releases every port, media ports included. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> reversed = new ArrayList<>(transports);
        Collections.reverse(reversed);
        for (AutoCloseable t : reversed) {
            closeQuietly(t);
        }
        int sessions = core.sessionCount();
        core.shutdown();
        closeQuietly(scheduler);
        closeQuietly(media);
        // Last: the sessions are gone and no packet can reach a recording any more; open files are
        // flushed, closed and renamed from their temporary names.
        closeQuietly(recorder);
        LOG.log(System.Logger.Level.INFO, "Wildfire SFU stopped (" + sessions + " session(s) closed)");
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "while stopping " + c + ": " + e);
        }
    }
}
