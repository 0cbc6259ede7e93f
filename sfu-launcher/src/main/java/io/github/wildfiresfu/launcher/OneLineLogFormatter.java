package io.github.wildfiresfu.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One log line per record: {@code 2026-11-24T10:00:00.123Z INFO  [logger] message}, plus the
 * stack trace when there is one. Operators grep container logs; multi-line JUL defaults make
 * that painful.
 */
final class OneLineLogFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ');
        String level = switch (r.getLevel().getName()) {
            case "SEVERE" -> "ERROR";
            case "WARNING" -> "WARN ";
            case "INFO" -> "INFO ";
            case "CONFIG", "FINE" -> "DEBUG";
            default -> "TRACE";
        };
        sb.append(level).append(" [").append(shortName(r.getLoggerName())).append("] ")
                .append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            sb.append(sw);
        }
        return sb.toString();
    }

    private static String shortName(String name) {
        if (name == null) {
            return "-";
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
