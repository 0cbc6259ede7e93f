/** ISO base media file format (ISO/IEC 14496-12) with one H.264 track (ISO/IEC 14496-15). */
package io.github.wildfiresfu.recorder.container.mp4;
