package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.github.wildfiresfu.janus.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The IM side of the link in tests: an MQTT client on the broker that sends requests (on
 * {@code to-janus}, {@code zto} or any topic) and sees everything the transport publishes
 * (subscribed to {@code #}; its own request topics are left out).
 */
final class ImClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** One message the transport published. */
    record Message(String topic, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        ObjectNode json() {
            try {
                return (ObjectNode) JsonFormat.MAPPER.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + topic + ": " + text(), e);
            }
        }

        boolean isJson() {
            return MqttTransportSettings.PUBLISH_TOPIC.equals(topic);
        }
    }

    private final Mqtt3AsyncClient client;
    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<Message> backlog = new ArrayList<>();
    private final Set<String> requestTopics;
    private int transactions;

    private ImClient(Mqtt3AsyncClient client, Set<String> requestTopics) {
        this.client = client;
        this.requestTopics = requestTopics;
    }

    /** Connects as {@code clientId} to the broker on {@code port} and subscribes to everything. */
    static ImClient connect(int port, String clientId, String... extraRequestTopics) {
        Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        Set<String> requestTopics = new java.util.HashSet<>(Set.of(MqttTransportSettings.SUBSCRIBE_TOPIC,
                MqttTransportSettings.GZIP_REQUEST_TOPIC));
        requestTopics.addAll(List.of(extraRequestTopics));
        ImClient im = new ImClient(c, Set.copyOf(requestTopics));
        c.publishes(MqttGlobalPublishFilter.ALL, p -> {
            String topic = p.getTopic().toString();
            if (!im.requestTopics.contains(topic)) {
                im.received.add(new Message(topic, p.getPayloadAsBytes()));
            }
        });
        c.connectWith().cleanSession(true).send().join();
        c.subscribeWith().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).send().join();
        return im;
    }

    /**
     * Gives {@code clientId} a persistent broker session subscribed to {@code topics}, as the IM's
     * broker delivers to the media server by client id: the transport, connecting later with
     * {@code cleansession = 0}, then receives those topics without subscribing to them.
     */
    static void presetSession(int port, String clientId, String... topics) {
        Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        c.connectWith().cleanSession(false).send().join();
        for (String topic : topics) {
            c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send().join();
        }
        c.disconnect().join();
    }

    void publish(String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send().join();
    }

    /** Sends {@code json} on {@code to-janus}. */
    void send(String json) {
        publish(MqttTransportSettings.SUBSCRIBE_TOPIC, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh transaction id. */
    String transaction() {
        return "tx" + (++transactions);
    }

    /** The first message (old or new) matching {@code match}; fails after {@link #WAIT}. */
    Message await(Predicate<Message> match) {
        return await(match, WAIT);
    }

    Message await(Predicate<Message> match, Duration wait) {
        for (Iterator<Message> it = backlog.iterator(); it.hasNext(); ) {
            Message m = it.next();
            if (match.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m;
            try {
                m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (m == null) {
                throw new AssertionError("no matching message within " + wait.toMillis() + " ms; seen: " + describe());
            }
            if (match.test(m)) {
                return m;
            }
            backlog.add(m);
        }
    }

    /** The JSON message on {@code from-janus} with {@code transaction} and {@code janus} = {@code kind}. */
    ObjectNode awaitJson(String transaction, String kind) {
        return await(m -> m.isJson() && transaction.equals(m.json().path("transaction").asText(null))
                && kind.equals(m.json().path("janus").asText())).json();
    }

    /** The next message on {@code topic}. */
    Message awaitTopic(String topic) {
        return await(m -> m.topic().equals(topic));
    }

    /** Sends a request built from {@code json} (with its transaction set) and returns the transaction. */
    String request(String template) {
        String tx = transaction();
        ObjectNode node;
        try {
            node = (ObjectNode) JsonFormat.MAPPER.readTree(template.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node.put("transaction", tx);
        send(node.toString());
        return tx;
    }

    /**
     * Pings until a pong comes back: the transport is connected AND subscribed (a request sent
     * before its SUBSCRIBE reached the broker would be lost, as with any MQTT subscriber).
     */
    void awaitLinkUp(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String tx = request("{'janus':'ping'}");
            try {
                Message pong = await(m -> m.isJson() && tx.equals(m.json().path("transaction").asText(null)),
                        Duration.ofMillis(300));
                assertThat(pong.json().path("janus").asText()).isEqualTo("pong");
                backlog.removeIf(m -> m.isJson() && "pong".equals(m.json().path("janus").asText()));
                return;
            } catch (AssertionError notYet) {
                // Not subscribed yet: ask again.
            }
        }
        throw new AssertionError("the transport did not answer a ping within " + within.toMillis() + " ms");
    }

    private String describe() {
        List<String> seen = new ArrayList<>();
        for (Message m : backlog) {
            seen.add(m.topic() + (m.isJson() ? " " + m.text() : " (" + m.payload().length + " bytes)"));
        }
        return seen.toString();
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The broker may be gone already.
        }
    }
}
