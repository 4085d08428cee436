package dev.spool.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of this build, read from {@code version.properties}, which Maven fills in when it copies resources.
 * Works the same from a jar and from a classes folder (tests, IDEs). Stateless apart from a constant.
 */
public final class SpoolVersion {
    private static final String VERSION = read();

    private SpoolVersion() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the resource is missing. */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = SpoolVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            // Unfiltered (e.g. compiled by an IDE without Maven's resource filtering).
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
