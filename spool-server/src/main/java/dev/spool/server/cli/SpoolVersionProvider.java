package dev.spool.server.cli;

import dev.spool.server.SpoolVersion;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints: Spool's version and the Java runtime it runs on. Stateless. */
final class SpoolVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "Spool " + SpoolVersion.version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
