package io.github.wildfiresfu.media.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IceCredentialsTest {

    @Test
    void randomCredentialsFollowTheGrammar() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            IceCredentials c = IceCredentials.random();
            assertThat(c.ufrag()).hasSize(IceCredentials.GENERATED_UFRAG_LENGTH).matches("[A-Za-z0-9+/]+");
            assertThat(c.pwd()).hasSize(IceCredentials.GENERATED_PWD_LENGTH).matches("[A-Za-z0-9+/]+");
            seen.add(c.ufrag());
        }
        assertThat(IceCredentials.GENERATED_UFRAG_LENGTH).isGreaterThanOrEqualTo(4);
        assertThat(IceCredentials.GENERATED_PWD_LENGTH).isGreaterThanOrEqualTo(22);
        assertThat(seen).hasSizeGreaterThan(195);
    }

    @Test
    void seededRandomIsReproducible() {
        assertThat(IceCredentials.random(new Random(1))).isEqualTo(IceCredentials.random(new Random(1)));
    }

    @Test
    void validatesLengthsAndCharacters() {
        assertThat(new IceCredentials("abcd", "a".repeat(22)).ufrag()).isEqualTo("abcd");
        assertThatThrownBy(() -> new IceCredentials("abc", "a".repeat(22)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ice-ufrag must have 4..256");
        assertThatThrownBy(() -> new IceCredentials("abcd", "a".repeat(21)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ice-pwd must have 22..256");
        assertThatThrownBy(() -> new IceCredentials("ab:d", "a".repeat(22)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A-Z a-z 0-9 + /");
        assertThatThrownBy(() -> new IceCredentials("abcd", "a".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceCredentials(null, "a".repeat(22)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringDoesNotLeakThePassword() {
        IceCredentials c = new IceCredentials("abcd", "SecretSecretSecretSecret");
        assertThat(c.toString()).contains("abcd").doesNotContain("Secret");
    }
}
