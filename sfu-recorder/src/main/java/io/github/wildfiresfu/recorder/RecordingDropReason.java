package io.github.wildfiresfu.recorder;

/** Why a packet offered to a {@link RecordingHandle} did not reach the file. */
public enum RecordingDropReason {
    /** The recorder's queue was full: the disk is slower than the media. */
    QUEUE_FULL,
    /** Empty, or longer than an MJR record can hold. */
    BAD_LENGTH,
    /** Not a well-formed RTP packet (audio and video only). */
    NOT_RTP,
    /** A late packet from before a source change, which the continuity rewriting cannot place. */
    STALE_SOURCE,
    /** The recording failed earlier (file not created, write failed). */
    RECORDING_FAILED,
    /** Offered after {@link RecordingHandle#close()}. */
    CLOSED
}
