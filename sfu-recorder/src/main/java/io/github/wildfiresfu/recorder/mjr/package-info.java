/**
 * The MJR recording format of Janus ({@code src/record.c}, {@code src/postprocessing/janus-pp-rec.c}):
 * {@link io.github.wildfiresfu.recorder.mjr.MjrWriter} writes MJR00002,
 * {@link io.github.wildfiresfu.recorder.mjr.MjrReader} reads MJR00002, MJR00001 and the legacy
 * {@code MEETECHO} format, {@link io.github.wildfiresfu.recorder.mjr.MjrHeader} is the JSON info header.
 * Sans-thread: no class here starts a thread or reads a clock.
 */
package io.github.wildfiresfu.recorder.mjr;
