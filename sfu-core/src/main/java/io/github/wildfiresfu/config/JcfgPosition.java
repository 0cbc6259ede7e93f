package io.github.wildfiresfu.config;

/**
 * Where a value was read: file name, 1-based line and column. Error messages print it as
 * {@code file:line:column} so an operator can jump straight to the offending setting.
 */
public record JcfgPosition(String file, int line, int column) {

    /** Position of values that did not come from a file (embedded defaults, tests). */
    public static final JcfgPosition BUILT_IN = new JcfgPosition("<built-in>", 0, 0);

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
