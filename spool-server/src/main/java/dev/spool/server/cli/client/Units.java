package dev.spool.server.cli.client;

import java.util.Locale;

/**
 * Numbers as people read them in tables: counts ({@code 980}, {@code 1.2k}, {@code 3.4M}), bytes ({@code 512 B},
 * {@code 3.4 MiB}), rates ({@code 12.5/s}) and ages ({@code 42s}, {@code 5m12s}, {@code 3h04m}, {@code 2d05h}).
 * Stateless.
 */
final class Units {
    private static final String[] COUNT_SUFFIXES = {"k", "M", "G", "T"};
    private static final String[] BYTE_SUFFIXES = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /** A count: exact below 1000, else one decimal and k, M, G, T. */
    static String count(long n) {
        if (Math.abs(n) < 1000) {
            return Long.toString(n);
        }
        double value = n;
        int suffix = -1;
        while (Math.abs(value) >= 999.95 && suffix < COUNT_SUFFIXES.length - 1) {
            value /= 1000;
            suffix++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, COUNT_SUFFIXES[suffix]);
    }

    /** Bytes: exact below 1 KiB, else one decimal and KiB, MiB, ... */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        int suffix = -1;
        while (value >= 1023.95 && suffix < BYTE_SUFFIXES.length - 1) {
            value /= 1024;
            suffix++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BYTE_SUFFIXES[suffix]);
    }

    /** Messages per second: {@code 0/s}, {@code 0.4/s}, {@code 12/s}, {@code 1.2k/s}. */
    static String rate(double perSecond) {
        if (perSecond <= 0) {
            return "0/s";
        }
        if (perSecond < 10) {
            return String.format(Locale.ROOT, "%.1f/s", perSecond);
        }
        return count(Math.round(perSecond)) + "/s";
    }

    /** A duration in milliseconds, in its two largest units. */
    static String age(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return String.format(Locale.ROOT, "%dm%02ds", minutes, seconds % 60);
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return String.format(Locale.ROOT, "%dh%02dm", hours, minutes % 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", hours / 24, hours % 24);
    }
}
