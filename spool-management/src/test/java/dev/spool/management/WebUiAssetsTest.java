package dev.spool.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The UI's files as packaged: small, self-contained (no file fetched from another host), and every module an import
 * or a route names is there, so a renamed file fails the build instead of a page in a browser.
 */
class WebUiAssetsTest {
    private static final long MAX_TOTAL_BYTES = 150_000;
    private static final Pattern STATIC_IMPORT = Pattern.compile("(?:import|export)\\s[^;]*?from\\s+'([^']+)'");
    private static final Pattern PAGE_ROUTE = Pattern.compile("\\[/\\^[^\\n]*?/, '([a-z]+)'");

    private static Path root() throws URISyntaxException {
        return Path.of(WebUiAssetsTest.class.getResource(WebUi.CLASSPATH_DIRECTORY + "/index.html").toURI()).getParent();
    }

    private static List<Path> files() throws IOException, URISyntaxException {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theWholeUiStaysSmall() throws Exception {
        long total = 0;
        for (Path file : files()) {
            total += Files.size(file);
        }
        assertThat(total).isLessThan(MAX_TOTAL_BYTES);
    }

    @Test
    void nothingIsLoadedFromAnotherHost() throws Exception {
        for (Path file : files()) {
            String text = Files.readString(file);
            assertThat(text).as(file.toString()).doesNotContainPattern("(src|href)=\"(https?:)?//");
            assertThat(text).as(file.toString()).doesNotContainPattern("(from|import\\()\\s*'(https?:)?//");
        }
    }

    @Test
    void everyImportedModuleExists() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path file : files()) {
            if (!file.toString().endsWith(".js")) {
                continue;
            }
            Matcher m = STATIC_IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                checked++;
                if (!Files.isRegularFile(file.getParent().resolve(m.group(1)).normalize())) {
                    missing.add(file.getFileName() + " imports " + m.group(1));
                }
            }
        }
        assertThat(checked).as("imports found").isGreaterThan(20);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyRoutedPageHasItsModuleWithAMountFunction() throws Exception {
        Path ui = root().resolve("ui");
        Matcher m = PAGE_ROUTE.matcher(Files.readString(ui.resolve("app.js")));
        List<String> pages = new ArrayList<>();
        while (m.find()) {
            pages.add(m.group(1));
        }
        assertThat(pages).contains("overview", "queues", "queue", "exchanges", "connections", "users", "policies",
                "definitions");
        for (String page : pages) {
            Path module = ui.resolve("pages").resolve(page + ".js");
            assertThat(module).as("module of page %s", page).isRegularFile();
            assertThat(Files.readString(module)).as(page).contains("export function mount(");
        }
    }

    @Test
    void theIndexNamesFilesThatExist() throws Exception {
        String index = Files.readString(root().resolve("index.html"));
        Matcher m = Pattern.compile("(?:src|href)=\"/(ui/[^\"]+)\"").matcher(index);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(root().resolve(m.group(1))).isRegularFile();
        }
        assertThat(found).isGreaterThanOrEqualTo(3);
    }
}
