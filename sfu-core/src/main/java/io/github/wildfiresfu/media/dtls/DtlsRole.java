package io.github.wildfiresfu.media.dtls;

/**
 * Which side of the DTLS handshake we take. SDP decides it (RFC 8842 §5, RFC 4145): the endpoint
 * with {@code a=setup:active} is the DTLS client, {@code a=setup:passive} the server; the
 * answerer to an {@code actpass} offer picks one.
 */
public enum DtlsRole {

    /** We send the ClientHello ({@code a=setup:active}). */
    CLIENT,

    /** We wait for the peer's ClientHello ({@code a=setup:passive}). */
    SERVER
}
