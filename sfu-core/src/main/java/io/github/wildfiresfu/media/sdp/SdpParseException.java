package io.github.wildfiresfu.media.sdp;

/**
 * SDP text that {@link SdpParser} refuses. The message is one line:
 * {@code line N: reason: <the offending line>} (or {@code SDP: reason} when the problem is the
 * whole text, such as its size), so it can be returned to a client as Janus returns
 * {@code 437 INVALID_SDP}.
 */
public final class SdpParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The largest part of the offending line quoted in the message. */
    private static final int MAX_QUOTED = 120;

    private final int lineNumber;

    /**
     * @param lineNumber 1-based line of the problem, or 0 when it concerns the whole text
     * @param reason what is wrong, without the line number
     * @param line the offending line, quoted (shortened) in the message; may be null
     */
    public SdpParseException(int lineNumber, String reason, String line) {
        super(format(lineNumber, reason, line));
        this.lineNumber = lineNumber;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole text. */
    public int lineNumber() {
        return lineNumber;
    }

    private static String format(int lineNumber, String reason, String line) {
        StringBuilder sb = new StringBuilder();
        sb.append(lineNumber > 0 ? "line " + lineNumber : "SDP").append(": ").append(reason);
        if (line != null) {
            String shown = line.length() > MAX_QUOTED ? line.substring(0, MAX_QUOTED) + "..." : line;
            sb.append(": ").append(shown.replaceAll("\\p{Cntrl}", "?"));
        }
        return sb.toString();
    }
}
