package dev.spool.it.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A small client for the management API over {@link HttpClient}: requests as a given user, answers as status, headers
 * and parsed JSON. Thread-safe.
 */
final class ManagementHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String user;
    private final String password;

    ManagementHttp(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    /** The same API as another user. */
    ManagementHttp as(String otherUser, String otherPassword) {
        return new ManagementHttp(baseUrl, otherUser, otherPassword);
    }

    /** Without credentials. */
    ManagementHttp anonymous() {
        return new ManagementHttp(baseUrl, null, null);
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply send(String method, String path, String json) {
        return send(method, path, json, null, null);
    }

    Reply send(String method, String path, String json, String headerName, String headerValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer. */
    static final class Reply {
        private final HttpResponse<String> response;

        Reply(HttpResponse<String> response) {
            this.response = response;
        }

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status() + "): " + response.body(), e);
            }
        }

        @Override
        public String toString() {
            return status() + " " + response.body();
        }
    }
}
