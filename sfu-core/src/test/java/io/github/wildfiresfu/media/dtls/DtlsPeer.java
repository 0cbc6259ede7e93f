package io.github.wildfiresfu.media.dtls;

import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One end of an in-memory DTLS test: a {@link DtlsTransport} plus a listener that records
 * everything and forwards sent datagrams over a configurable "wire" (JVB DtlsTest.kt style).
 */
final class DtlsPeer implements DtlsTransport.Listener {

    final String name;
    final DtlsCertificate certificate;
    final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<SrtpKeyingMaterial> connected = new CompletableFuture<>();
    final CompletableFuture<DtlsFailure> failed = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final BlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
    final AtomicInteger terminalCallbacks = new AtomicInteger();
    volatile Consumer<byte[]> wire = datagram -> { };
    DtlsTransport transport;

    DtlsPeer(String name, DtlsCertificate certificate) {
        this.name = name;
        this.certificate = certificate;
    }

    DtlsPeer open(DtlsConfig config, Executor executor) {
        transport = new DtlsTransport(certificate, config, this, executor);
        return this;
    }

    /** Connects the two peers' send callbacks to each other's receive. */
    static void wire(DtlsPeer a, DtlsPeer b) {
        a.wire = datagram -> b.transport.receive(datagram, 0, datagram.length);
        b.wire = datagram -> a.transport.receive(datagram, 0, datagram.length);
    }

    @Override
    public void onDtlsSend(byte[] buf, int off, int len) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        // Deliver first, then record: a test that waits for "sent" may rely on the peer having the
        // datagram already (the queue-before-start test raced here under load).
        wire.accept(copy);
        sent.add(copy);
    }

    @Override
    public void onDtlsConnected(SrtpKeyingMaterial keyingMaterial) {
        terminalCallbacks.incrementAndGet();
        connected.complete(keyingMaterial);
    }

    @Override
    public void onDtlsFailed(DtlsFailure failure) {
        terminalCallbacks.incrementAndGet();
        failed.complete(failure);
    }

    @Override
    public void onDtlsApplicationData(byte[] buf, int off, int len) {
        applicationData.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onDtlsClosed(String reason) {
        terminalCallbacks.incrementAndGet();
        closed.complete(reason);
    }

    @Override
    public String toString() {
        return name;
    }
}
