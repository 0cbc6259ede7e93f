package io.github.wildfiresfu.config;

import java.util.List;

/**
 * A list {@code ( ... )} (items of any kind) or an array {@code [ ... ]} (scalars of one type).
 */
public record JcfgList(List<JcfgValue> items, boolean array, JcfgPosition position) implements JcfgValue {

    public JcfgList {
        items = List.copyOf(items);
    }
}
