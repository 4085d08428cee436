package dev.spool.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user-facing docs describe {@link ConfigKey} as the code has it, and their YAML examples load. */
class ConfigurationDocTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\R(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void configurationDocHasARowForEveryKeyWithItsFlagVariableAndDefault() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(doc).as("row for %s", key.key()).contains("| `" + key.key() + "` | `" + key.flag() + "` | `"
                    + key.environmentVariable() + "` | `" + key.defaultValue() + "` |");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/configuration.md"})
    void yamlExamplesLoad(String document) throws IOException {
        List<String> examples = yamlBlocks(Files.readString(ROOT.resolve(document)));
        assertThat(examples).as("YAML examples in %s", document).isNotEmpty();

        for (String example : examples) {
            Path file = Files.writeString(tmp.resolve("example.yaml"), example);
            assertThat(ConfigLoader.load(file, Map.of(), Map.of())).isNotNull();
        }
    }

    private static List<String> yamlBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = YAML_BLOCK.matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }
}
