package io.github.wildfiresfu.config;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The reconstructed wf-janus config folder under {@code src/test/resources/config/wildfire}. */
final class WildfireFixtures {

    private WildfireFixtures() {
    }

    static Path folder() {
        return resource("config/wildfire");
    }

    static Path resource(String name) {
        URL url = WildfireFixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
