/** Ogg pages (RFC 3533) and the Ogg Opus mapping (RFC 7845). */
package io.github.wildfiresfu.recorder.container.ogg;
