package io.github.wildfiresfu.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcContextTableTest {

    @Test
    void behavesLikeAMapAcrossResizesForAnyIntKeys() {
        SsrcContextTable<String> table = new SsrcContextTable<>();
        Map<Integer, String> reference = new HashMap<>();
        Random random = new Random(7);
        int[] special = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 16, 32, 0x10000};
        for (int key : special) {
            table.put(key, "s" + key);
            reference.put(key, "s" + key);
        }
        while (reference.size() < 5000) {
            int key = random.nextInt();
            if (!reference.containsKey(key)) {
                table.put(key, "r" + key);
                reference.put(key, "r" + key);
            }
        }
        assertThat(table.size()).isEqualTo(5000);
        reference.forEach((key, value) -> assertThat(table.get(key)).isEqualTo(value));
        for (int i = 0; i < 1000; i++) {
            int key = random.nextInt();
            assertThat(table.get(key)).isEqualTo(reference.get(key));
        }
        assertThatThrownBy(() -> table.put(0, "again")).isInstanceOf(IllegalStateException.class);
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.get(0)).isNull();
        assertThat(table.get(-1)).isNull();
    }
}
