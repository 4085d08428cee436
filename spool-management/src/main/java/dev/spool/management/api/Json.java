package dev.spool.management.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out: one shared {@link ObjectMapper}, request bodies read as plain maps, responses written from maps and
 * lists (RabbitMQ's field names are spelled where the maps are built), and engine values (AMQP field values among
 * them) turned into plain JSON values. Stateless apart from the thread-safe mapper; any request thread.
 */
public final class Json {
    /** Shared and thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private Json() {
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static void ok(Context ctx, Object body) {
        write(ctx, 200, body);
    }

    /** The request body as a JSON object; an empty body is an empty object. 400 for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return new LinkedHashMap<>();
        }
        Object parsed;
        try {
            parsed = MAPPER.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("failed to decode JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("failed to read the request body: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw ApiError.badRequest("not_a_json_object");
        }
        return (Map<String, Object>) parsed;
    }

    /** An engine value as a plain JSON value: AMQP field values (long strings, unsigned numbers, tables) included. */
    public static Object plain(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number || value instanceof String) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(plain(element));
            }
            return out;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        String text = value.toString();
        String simple = value.getClass().getSimpleName();
        if (simple.startsWith("Unsigned") || simple.equals("Timestamp")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    /** A map's values made plain (declare arguments, client properties). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> plainMap(Map<String, ?> map) {
        return map == null ? Map.of() : (Map<String, Object>) plain(map);
    }

    /** {@code {"rate": r}}, RabbitMQ's {@code *_details} object without samples. */
    static Map<String, Object> rate(double rate) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rate", Math.round(rate * 10.0) / 10.0);
        return details;
    }

    /** A boolean from a JSON body field, with a default; 400 for a non-boolean. */
    static boolean bool(Map<String, Object> body, String name, boolean otherwise) {
        Object value = body.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw ApiError.badRequest(name + " must be true or false");
    }

    /** A string from a JSON body field, or the default. */
    static String text(Map<String, Object> body, String name, String otherwise) {
        Object value = body.get(name);
        return value == null ? otherwise : value.toString();
    }

    /** An object field (arguments, properties); 400 when not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw ApiError.badRequest(name + " must be an object");
    }

    /** An integer field, or the default; 400 when not a number. */
    static long number(Map<String, Object> body, String name, long otherwise) {
        Object value = body.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a number");
        }
    }
}
