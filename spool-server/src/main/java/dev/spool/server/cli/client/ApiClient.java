package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Calls the management HTTP API for one command: Basic authentication, JSON in and out, and every failure turned into
 * a {@link CliFailure} with one line a person can act on (the server cannot be reached, the credentials are wrong,
 * the object does not exist, the API's own reason). One per command run, on the main thread.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;

    ApiClient(String url, String user, String password) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
            throw new CliFailure("--url must start with http:// or https://, got '" + url + "'");
        }
        this.baseUrl = trimmed;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** One path segment, URL-encoded as the API expects ({@code /} is {@code %2F}). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * GET {@code path}.
     *
     * @param what the object the path names, for a 404 ("queue 'q' in vhost '/'"), or null
     */
    JsonNode get(String path, String what) {
        return send("GET", path, null, what);
    }

    JsonNode put(String path, Object body, String what) {
        return send("PUT", path, body, what);
    }

    JsonNode post(String path, Object body, String what) {
        return send("POST", path, body, what);
    }

    JsonNode delete(String path, String what) {
        return send("DELETE", path, null, what);
    }

    /**
     * Sends a request and returns the JSON answer ({@link MissingNode} for an empty one, e.g. 204).
     *
     * @param body a value Jackson writes as JSON, a {@code String} sent as it is (already JSON), or null
     * @throws CliFailure when the request fails or the answer is not 2xx
     */
    JsonNode send(String method, String path, Object body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliFailure("cannot reach " + baseUrl + ": " + why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        JsonNode answer = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return answer;
        }
        throw new CliFailure(failure(status, reason(answer, response.body()), what));
    }

    private static String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** Why a request did not get an answer, in a few words. */
    static String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException && (cause.getMessage() == null
                    || cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused"))) {
                return "connection refused";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The API's reason ({@code {"error": ..., "reason": ...}}), or the body itself. */
    private static String reason(JsonNode answer, String body) {
        if (answer.hasNonNull("reason")) {
            return answer.get("reason").asText();
        }
        if (answer.hasNonNull("error")) {
            return answer.get("error").asText();
        }
        return body == null || body.isBlank() ? "" : body.strip();
    }

    private static String failure(int status, String reason, String what) {
        switch (status) {
            case 401:
                return "Not management user".equals(reason)
                        ? "access refused: the user has no management tag"
                        : "access refused: check --user/--password";
            case 403:
                return "access refused: " + reason;
            case 404:
                return what == null ? "not found: " + reason : what + " not found";
            default:
                return reason.isEmpty() ? "the API answered " + status : reason + " (HTTP " + status + ")";
        }
    }
}
