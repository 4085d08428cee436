package dev.spool.management.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): a family's {@code # HELP} and {@code # TYPE} once, then
 * its samples, streamed to a {@link Writer} so that a scrape of many queues never holds its whole text in memory.
 * Not thread-safe: one instance per scrape.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Writer writer;
    private final StringBuilder out = new StringBuilder(256);

    /** Collects the text in memory ({@link #toString()}). */
    PrometheusText() {
        this(new StringWriter());
    }

    /** Streams to {@code writer}; call {@link #flush()} at the end. */
    PrometheusText(Writer writer) {
        this.writer = writer;
    }

    /** Starts a family: {@code type} is {@code counter} or {@code gauge}. */
    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return drain();
    }

    /** A sample without labels. */
    PrometheusText sample(String name, double value) {
        out.append(name).append(' ');
        number(value);
        out.append('\n');
        return drain();
    }

    /** A sample with labels given as name, value, name, value... */
    PrometheusText sample(String name, double value, String... labels) {
        out.append(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(labels[i]).append("=\"");
            escape(labels[i + 1]);
            out.append('"');
        }
        out.append("} ");
        number(value);
        out.append('\n');
        return drain();
    }

    private void number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
    }

    /** Hands the buffered line to the writer; the buffer is reused. */
    private PrometheusText drain() {
        try {
            writer.append(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.setLength(0);
        return this;
    }

    void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text so far, for an instance that collects in memory. */
    @Override
    public String toString() {
        flush();
        return writer.toString();
    }
}
