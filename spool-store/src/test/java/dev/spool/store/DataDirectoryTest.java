package dev.spool.store;

import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.io.FileHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void firstOpenCreatesTheDirectoryWithItsFormatFile() throws IOException {
        Path root = dir.resolve("data");
        try (DataDirectory data = DataDirectory.open(root)) {
            assertThat(root.resolve(DataDirectory.FORMAT_FILE)).hasSize(FileHeaderDescriptor.LENGTH);
            assertThat(data.definitionsFile()).isEqualTo(root.resolve("definitions.log"));
            assertThat(data.messageLogDirectory("vhost-1")).isDirectory().isEqualTo(root.resolve("messages/vhost-1"));
        }
        try (DataDirectory data = DataDirectory.open(root)) {
            assertThat(data.root()).isEqualTo(root);
        }
    }

    @Test
    void secondOpenInTheSameProcessFailsWhileTheFirstHoldsTheLock() throws IOException {
        DataDirectory first = DataDirectory.open(dir);
        assertThatThrownBy(() -> DataDirectory.open(dir)).isInstanceOf(DataDirectoryLockedException.class)
                .hasMessageContaining("is in use by another Spool (pid " + ProcessHandle.current().pid() + ")")
                .hasMessageEndingWith("stop it or choose another data directory");
        first.close();
        DataDirectory.open(dir).close();
    }

    @Test
    void secondBrokerProcessOnTheSameDirectoryIsRefused() throws Exception {
        try (DataDirectory held = DataDirectory.open(dir)) {
            assertThat(held.root().resolve(DataDirectory.LOCK_FILE)).exists();
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SecondBroker.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(other.exitValue()).as(output).isEqualTo(3);
            assertThat(output).contains("is in use by another Spool (pid " + ProcessHandle.current().pid() + ")");
        }
    }

    @Test
    void directoryOfANewerFormatIsRefusedWithAnUpgradeMessage() throws IOException {
        ByteBuffer header = FileHeader.encode(FileHeaderDescriptor.FORMAT_FILE_MAGIC, 0, 0);
        header.putInt(FileHeaderDescriptor.VERSION_OFFSET, 7);
        Files.write(dir.resolve(DataDirectory.FORMAT_FILE), header.array());

        assertThatThrownBy(() -> DataDirectory.open(dir)).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("data directory format 7 is newer than this Spool (supports 1): upgrade Spool");
        DataDirectory.open(dir.resolve("elsewhere")).close(); // and the refusal released the lock
        assertThatThrownBy(() -> DataDirectory.open(dir)).isInstanceOf(UnsupportedFormatException.class);
    }

    @Test
    void directoryHoldingSomethingElseIsRefused() throws IOException {
        Files.write(dir.resolve(DataDirectory.FORMAT_FILE), "not ours at all, longer than a header".getBytes());

        assertThatThrownBy(() -> DataDirectory.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("not a Spool SPLF file");
    }

    @Test
    void messageLogNamesMustBePlainFileNames() throws IOException {
        try (DataDirectory data = DataDirectory.open(dir)) {
            for (String bad : List.of("", ".", "..", "../escape", "a/b", "sp ace")) {
                assertThatThrownBy(() -> data.messageLogDirectory(bad)).as(bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** Run in a child JVM: tries to open the directory and exits 3 with the message when it is locked. */
    public static final class SecondBroker {
        public static void main(String[] args) throws IOException {
            try {
                DataDirectory.open(Path.of(args[0])).close();
                System.exit(0);
            } catch (DataDirectoryLockedException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
