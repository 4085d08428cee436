package dev.spool.management;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The management web UI: plain HTML, CSS and JavaScript modules packaged in the jar under {@code /spool-ui} on the
 * classpath and served as they are, {@code index.html} at {@code /} and the rest under {@code /ui/} (so nothing
 * collides with {@code /api} or {@code /metrics}). The pages hold no data: every figure comes from {@code /api}
 * requests carrying the user's Basic credentials, so serving the files without authentication bypasses nothing.
 *
 * <p>Caching: every file is sent with {@code Cache-Control: no-cache} and an ETag (Javalin's checksum of the file),
 * so a browser revalidates and gets a 304 with no body until the jar changes; an upgrade is therefore picked up on the
 * next load without hashed file names. Files are gzip-compressed once in memory when the client accepts it.
 *
 * <p>Stateless; configured once at start.
 */
final class WebUi {
    /** The classpath folder holding the UI's files. */
    static final String CLASSPATH_DIRECTORY = "/spool-ui";
    /**
     * The UI loads nothing but its own files and talks to nothing but this server; no other site may frame it (a
     * page that frames the UI could trick a logged-in user into clicking Purge).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Compress and keep in memory files up to this size (the whole UI is far smaller). */
    private static final int PRECOMPRESS_MAX_BYTES = 512 * 1024;

    private WebUi() {
    }

    static void serve(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_DIRECTORY;
            files.location = Location.CLASSPATH;
            files.precompressMaxSize = PRECOMPRESS_MAX_BYTES;
            files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff",
                    "Content-Security-Policy", CONTENT_SECURITY_POLICY, "Referrer-Policy", "no-referrer");
        });
    }

    /**
     * Whether a request comes from the UI's scripts, which mark their requests with {@code X-Requested-With:
     * XMLHttpRequest}. A 401 to such a request carries no {@code WWW-Authenticate} header, so the browser does not
     * open its own login dialog over the UI's login form; every other client (curl, tools) still gets the challenge.
     */
    static boolean isScriptRequest(Context ctx) {
        return "XMLHttpRequest".equalsIgnoreCase(ctx.header("X-Requested-With"));
    }
}
