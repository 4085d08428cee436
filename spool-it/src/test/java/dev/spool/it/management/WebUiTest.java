package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web UI's files as a browser gets them: the page at {@code /}, modules under {@code /ui/} with their content
 * types, ETag revalidation, no credentials needed for the files while the data stays behind the API's
 * authentication, and no Basic challenge on a 401 to the UI's own requests (so the browser's login dialog never
 * covers the UI's form). The browser itself is driven by {@link WebUiBrowserTest}.
 */
class WebUiTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private static ManagementHttp anonymous;

    @BeforeAll
    static void client() {
        anonymous = new ManagementHttp(broker.httpUrl(), null, null);
    }

    @Test
    void rootServesThePageWithoutCredentials() {
        ManagementHttp.Reply page = anonymous.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>");
    }

    @Test
    void modulesAndStylesComeWithTheirContentTypes() {
        assertThat(anonymous.get("/ui/app.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(anonymous.get("/ui/pages/queue.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(anonymous.get("/ui/style.css").header("Content-Type")).startsWith("text/css");
        assertThat(anonymous.get("/ui/no-such-file.js").status()).isEqualTo(404);
    }

    @Test
    void anUnchangedFileIsRevalidatedWithA304() {
        ManagementHttp.Reply first = anonymous.get("/ui/api.js");
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");

        ManagementHttp.Reply again = anonymous.send("GET", "/ui/api.js", null, "If-None-Match", etag);

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void theDataStaysBehindAuthentication() {
        assertThat(anonymous.get("/api/queues").status()).isEqualTo(401);
    }

    @Test
    void aRequestFromTheUiGets401WithoutABasicChallenge() {
        ManagementHttp.Reply fromUi = anonymous.as("guest", "wrong")
                .send("GET", "/api/whoami", null, "X-Requested-With", "XMLHttpRequest");
        ManagementHttp.Reply fromCurl = anonymous.as("guest", "wrong").get("/api/whoami");

        assertThat(fromUi.status()).isEqualTo(401);
        assertThat(fromUi.header("WWW-Authenticate")).isNull();
        assertThat(fromUi.json().get("reason").asText()).isEqualTo("Login failed");
        assertThat(fromCurl.status()).isEqualTo(401);
        assertThat(fromCurl.header("WWW-Authenticate")).isEqualTo("Basic realm=\"RabbitMQ Management\"");
    }
}
