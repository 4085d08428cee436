package dev.spool.management.api;

import dev.spool.management.stats.SampleRing;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's {@code message_stats} and {@code *_details} objects built from the sampler's rings: a counter with its
 * {@code _details.rate}, and, when the request asks for them ({@code msg_rates_age} / {@code lengths_age} in seconds),
 * {@code samples} ({@code [{"sample": value, "timestamp": millis}]}, newest first) for charts. Stateless; any thread.
 */
final class Rates {
    private Rates() {
    }

    /** Puts {@code name} (the latest value) and {@code name_details} into {@code out}. */
    static void counter(Map<String, Object> out, String name, SampleRing ring, int series, long value, Context ctx) {
        out.put(name, value);
        out.put(name + "_details", details(ring, series, ctx, "msg_rates_age", false));
    }

    /** A queue depth and its details (rate of change, which may be negative). */
    static void depth(Map<String, Object> out, String name, SampleRing ring, int series, long value, Context ctx) {
        out.put(name, value);
        out.put(name + "_details", details(ring, series, ctx, "lengths_age", true));
    }

    private static Map<String, Object> details(SampleRing ring, int series, Context ctx, String ageParam,
                                               boolean signed) {
        double rate = 0.0;
        if (ring != null) {
            long[] delta = ring.lastDelta(series);
            if (delta != null && delta[1] > 0 && (signed || delta[0] > 0)) {
                rate = delta[0] * 1000.0 / delta[1];
            }
        }
        Map<String, Object> details = Json.rate(rate);
        String age = ctx == null ? null : ctx.queryParam(ageParam);
        if (age != null && ring != null) {
            long seconds;
            try {
                seconds = Long.parseLong(age);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest(ageParam + " must be a number of seconds");
            }
            List<long[]> points = ring.since(series, System.currentTimeMillis() - seconds * 1000);
            List<Map<String, Object>> samples = new ArrayList<>(points.size());
            for (int i = points.size() - 1; i >= 0; i--) {
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("sample", points.get(i)[1]);
                sample.put("timestamp", points.get(i)[0]);
                samples.add(sample);
            }
            details.put("samples", samples);
        }
        return details;
    }
}
