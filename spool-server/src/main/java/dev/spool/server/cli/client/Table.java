package dev.spool.server.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A table for people: a header row, then rows sorted by their first column (then the next ones), columns padded to
 * their widest cell, numbers right-aligned. Cells are single lines (line breaks and tabs become spaces) and long
 * ones are cut with an ellipsis. Built and printed on one thread.
 */
final class Table {
    private static final int MAX_CELL = 60;

    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param headers column titles; a title starting with {@code >} is a right-aligned (numeric) column, the
     *                {@code >} is not shown
     */
    Table(String... headers) {
        this.headers = new String[headers.length];
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers[i] = rightAligned[i] ? headers[i].substring(1) : headers[i];
        }
    }

    /** Adds a row of {@link Object#toString()} cells (null shows as empty). */
    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cell(cells[i]);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the rows sorted by first column, then the next, as text; in insertion order if not {@code sorted}. */
    void print(PrintWriter out, boolean sorted) {
        List<String[]> printed = new ArrayList<>(rows);
        if (sorted) {
            printed.sort(byColumns());
        }
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (String[] row : printed) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        printRow(out, headers, widths);
        for (String[] row : printed) {
            printRow(out, row, widths);
        }
        out.flush();
    }

    void print(PrintWriter out) {
        print(out, true);
    }

    /** Rows in insertion order, without the header row: a list of {@code name  value} lines. */
    void printWithoutHeader(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            printRow(out, row, widths);
        }
        out.flush();
    }

    private void printRow(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String padding = " ".repeat(widths[i] - cells[i].length());
            if (rightAligned[i]) {
                line.append(padding).append(cells[i]);
            } else {
                line.append(cells[i]);
                if (i < cells.length - 1) {
                    line.append(padding);
                }
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static Comparator<String[]> byColumns() {
        return (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                int c = a[i].compareTo(b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString().replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
    }
}
