package dev.spool.management.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RabbitMQ's list query parameters, applied to a list of JSON objects: {@code name} (a case-insensitive substring,
 * or with {@code use_regex=true} a case-insensitive regular expression), {@code sort} (a dotted path such as
 * {@code message_stats.publish_details.rate}) and {@code sort_reverse}, {@code columns} (comma-separated dotted paths
 * to keep), and {@code page} / {@code page_size} (default 100, at most 500). Without {@code page} the answer is the
 * plain list; with it, RabbitMQ's page object ({@code items}, {@code page}, {@code page_count}, {@code page_size},
 * {@code filtered_count}, {@code item_count}, {@code total_count}).
 *
 * <p>Stateless; any request thread.
 */
final class Paging {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 500;

    private Paging() {
    }

    /** Answers with {@code items} filtered, sorted, paged and trimmed as the request asks. */
    static void respond(Context ctx, List<Map<String, Object>> items) {
        Json.ok(ctx, apply(ctx, items));
    }

    static Object apply(Context ctx, List<Map<String, Object>> items) {
        int total = items.size();
        List<Map<String, Object>> filtered = filter(items, ctx.queryParam("name"),
                "true".equals(ctx.queryParam("use_regex")));
        sort(filtered, ctx.queryParam("sort"), "true".equals(ctx.queryParam("sort_reverse")));
        String pageParam = ctx.queryParam("page");
        if (pageParam == null) {
            return columns(filtered, ctx.queryParam("columns"));
        }
        int page = parse(pageParam, "page");
        int pageSize = ctx.queryParam("page_size") == null ? DEFAULT_PAGE_SIZE
                : parse(ctx.queryParam("page_size"), "page_size");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiError.badRequest("Page size out of range");
        }
        int pageCount = Math.max(1, (filtered.size() + pageSize - 1) / pageSize);
        if (page < 1 || page > pageCount) {
            throw ApiError.badRequest("Page out of range");
        }
        int from = (page - 1) * pageSize;
        List<Map<String, Object>> slice = filtered.subList(from, Math.min(filtered.size(), from + pageSize));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("filtered_count", filtered.size());
        out.put("item_count", slice.size());
        out.put("items", columns(slice, ctx.queryParam("columns")));
        out.put("page", page);
        out.put("page_count", pageCount);
        out.put("page_size", pageSize);
        out.put("total_count", total);
        return out;
    }

    private static int parse(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a number");
        }
    }

    private static List<Map<String, Object>> filter(List<Map<String, Object>> items, String name, boolean regex) {
        if (name == null || name.isEmpty()) {
            return new ArrayList<>(items);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (regex) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(name, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw ApiError.badRequest("invalid regular expression: " + e.getDescription());
            }
            for (Map<String, Object> item : items) {
                if (pattern.matcher(String.valueOf(item.get("name"))).find()) {
                    out.add(item);
                }
            }
        } else {
            String needle = name.toLowerCase(Locale.ROOT);
            for (Map<String, Object> item : items) {
                if (String.valueOf(item.get("name")).toLowerCase(Locale.ROOT).contains(needle)) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    /** Sorts by the dotted path; without one, by vhost then name where the objects have them (RabbitMQ's order). */
    private static void sort(List<Map<String, Object>> items, String sortBy, boolean reverse) {
        Comparator<Map<String, Object>> order;
        if (sortBy == null || sortBy.isEmpty()) {
            order = Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.getOrDefault("vhost", "")))
                    .thenComparing(m -> String.valueOf(m.getOrDefault("name", "")));
        } else {
            String[] path = sortBy.split("\\.");
            order = (a, b) -> compare(at(a, path), at(b, path));
        }
        items.sort(reverse ? order.reversed() : order);
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable<Object>) a).compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static Object at(Map<String, Object> item, String[] path) {
        Object current = item;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** Keeps only the listed dotted paths of each object. */
    private static List<Map<String, Object>> columns(List<Map<String, Object>> items, String columns) {
        if (columns == null || columns.isBlank()) {
            return items;
        }
        String[] wanted = columns.split(",");
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Map<String, Object> item : items) {
            Map<String, Object> trimmed = new LinkedHashMap<>();
            for (String column : wanted) {
                copyPath(item, trimmed, column.trim().split("\\."), 0);
            }
            out.add(trimmed);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void copyPath(Map<String, Object> from, Map<String, Object> to, String[] path, int i) {
        if (!from.containsKey(path[i])) {
            return;
        }
        Object value = from.get(path[i]);
        if (i == path.length - 1) {
            to.put(path[i], value);
        } else if (value instanceof Map) {
            Map<String, Object> child = (Map<String, Object>) to.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
            copyPath((Map<String, Object>) value, child, path, i + 1);
        }
    }
}
