package io.github.wildfiresfu.transport.http;

/**
 * A transport server could not start listening. The message is one line naming the transport
 * and the address, e.g. {@code HTTP transport: 127.0.0.1:8088 is already in use}.
 */
public class TransportStartException extends RuntimeException {

    public TransportStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
