package io.github.wildfiresfu.config;

/**
 * A value of a Janus configuration file (jcfg, the libconfig syntax): a group {@code { }},
 * a list {@code ( )} or array {@code [ ]}, or a scalar (string, integer, float, boolean).
 */
public sealed interface JcfgValue permits JcfgGroup, JcfgList, JcfgScalar {

    /** Where the value starts in its file. */
    JcfgPosition position();
}
