/** EBML (RFC 8794) and the WebM subset of Matroska (RFC 9559) for VP8 and Opus tracks. */
package io.github.wildfiresfu.recorder.container.webm;
