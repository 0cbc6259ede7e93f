package io.github.wildfiresfu.media.dtls;

/**
 * The DTLS certificate or key from {@code cert_pem}/{@code cert_key} could not be used. The
 * message names the janus.jcfg setting and file, and says what is wrong, so the launcher can
 * print it as is.
 */
public final class DtlsCertificateException extends Exception {

    private static final long serialVersionUID = 1L;

    public DtlsCertificateException(String message) {
        super(message);
    }

    public DtlsCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
