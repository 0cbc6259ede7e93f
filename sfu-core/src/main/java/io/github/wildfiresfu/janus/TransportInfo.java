package io.github.wildfiresfu.janus;

import java.util.Objects;

/**
 * How a transport describes itself in {@code info} (Janus's {@code transports} object, one
 * entry per transport package, as {@code janus_info()} in {@code src/janus.c} builds it).
 *
 * @param packageName   key of the entry, e.g. {@code janus.transport.http}
 * @param name          e.g. {@code JANUS REST (HTTP/HTTPS) transport plugin}
 * @param author        {@code author}
 * @param description   {@code description}
 * @param versionString {@code version_string}, e.g. {@code 0.0.2}
 * @param version       {@code version}, e.g. 2
 */
public record TransportInfo(
        String packageName, String name, String author, String description, String versionString, int version) {

    public TransportInfo {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(versionString, "versionString");
    }
}
