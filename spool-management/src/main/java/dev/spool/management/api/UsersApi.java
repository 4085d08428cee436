package dev.spool.management.api;

import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.Sha256PasswordHashing;
import dev.spool.engine.auth.User;
import dev.spool.engine.auth.Users;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Users and permissions, administrator only: {@code /api/users} (list, show, PUT with {@code password} or
 * {@code password_hash} and {@code tags}, DELETE, {@code without-permissions}, {@code bulk-delete}),
 * {@code /api/users/{user}/permissions}, {@code /api/permissions} (list, show, PUT, DELETE per vhost and user); and
 * {@code /api/whoami} for any management user. Hashes are RabbitMQ's {@code rabbit_password_hashing_sha256}.
 */
final class UsersApi {
    static final String HASHING_ALGORITHM = "rabbit_password_hashing_sha256";

    private final Node node;

    UsersApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/whoami", this::whoami);
        routes.get("/api/users", this::list);
        routes.get("/api/users/without-permissions", this::withoutPermissions);
        routes.post("/api/users/bulk-delete", this::bulkDelete);
        routes.get("/api/users/{user}", this::show);
        routes.put("/api/users/{user}", this::put);
        routes.delete("/api/users/{user}", this::delete);
        routes.get("/api/users/{user}/permissions", this::userPermissions);
        routes.get("/api/permissions", this::permissions);
        routes.get("/api/permissions/{vhost}/{user}", this::showPermission);
        routes.put("/api/permissions/{vhost}/{user}", this::putPermission);
        routes.delete("/api/permissions/{vhost}/{user}", this::deletePermission);
    }

    private void whoami(Context ctx) {
        User user = Access.caller(ctx).user();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", user.name());
        out.put("tags", sortedTags(user));
        Json.ok(ctx, out);
    }

    private Users users(Context ctx) {
        node.access().requireAdministrator(Access.caller(ctx));
        return node.broker().users();
    }

    private void list(Context ctx) {
        Users users = users(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (User user : users.list()) {
            items.add(json(user, users.passwordHash(user.name())));
        }
        Paging.respond(ctx, items);
    }

    private void withoutPermissions(Context ctx) {
        Users users = users(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (User user : users.list()) {
            boolean any = false;
            for (VirtualHost vhost : node.broker().vhosts()) {
                any |= users.permission(user.name(), vhost.name()) != null;
            }
            if (!any) {
                items.add(json(user, users.passwordHash(user.name())));
            }
        }
        Paging.respond(ctx, items);
    }

    private void bulkDelete(Context ctx) {
        users(ctx); // administrator only
        Object names = Json.body(ctx).get("users");
        if (!(names instanceof List<?> list)) {
            throw ApiError.badRequest("users not found");
        }
        for (Object name : list) {
            node.broker().deleteUser(String.valueOf(name));
        }
        ctx.status(204);
    }

    private User existingUser(Context ctx) {
        User user = users(ctx).get(ctx.pathParam("user"));
        if (user == null) {
            throw ApiError.notFound();
        }
        return user;
    }

    private void show(Context ctx) {
        User user = existingUser(ctx);
        Json.ok(ctx, json(user, node.broker().users().passwordHash(user.name())));
    }

    private void put(Context ctx) {
        Users users = users(ctx);
        String name = ctx.pathParam("user");
        Map<String, Object> body = Json.body(ctx);
        if (!body.containsKey("tags")) {
            throw ApiError.badRequest("tags not found");
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>(VhostsApi.tags(body.get("tags")));
        String algorithm = Json.text(body, "hashing_algorithm", HASHING_ALGORITHM);
        if (!HASHING_ALGORITHM.equals(algorithm)) {
            throw ApiError.badRequest("unsupported hashing_algorithm '" + algorithm + "'");
        }
        boolean existed = users.get(name) != null;
        String hash;
        if (body.get("password") != null) {
            hash = Sha256PasswordHashing.hash(body.get("password").toString());
        } else if (body.get("password_hash") != null) {
            hash = body.get("password_hash").toString();
        } else {
            hash = existed ? users.passwordHash(name) : "";
        }
        users.putWithHash(name, hash, tags);
        ctx.status(existed ? 204 : 201);
    }

    private void delete(Context ctx) {
        users(ctx);
        if (!node.broker().deleteUser(ctx.pathParam("user"))) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void userPermissions(Context ctx) {
        User user = existingUser(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : node.broker().vhosts()) {
            Permission permission = node.broker().users().permission(user.name(), vhost.name());
            if (permission != null) {
                items.add(permissionJson(user.name(), vhost.name(), permission));
            }
        }
        Paging.respond(ctx, items);
    }

    private void permissions(Context ctx) {
        Users users = users(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        for (User user : users.list()) {
            for (VirtualHost vhost : node.broker().vhosts()) {
                Permission permission = users.permission(user.name(), vhost.name());
                if (permission != null) {
                    items.add(permissionJson(user.name(), vhost.name(), permission));
                }
            }
        }
        items.sort((a, b) -> (a.get("vhost") + "\u0000" + a.get("user")).compareTo(b.get("vhost") + "\u0000"
                + b.get("user")));
        Json.ok(ctx, items);
    }

    private void showPermission(Context ctx) {
        Users users = users(ctx);
        VirtualHost vhost = node.vhost(ctx);
        Permission permission = users.permission(ctx.pathParam("user"), vhost.name());
        if (permission == null) {
            throw ApiError.notFound();
        }
        Json.ok(ctx, permissionJson(ctx.pathParam("user"), vhost.name(), permission));
    }

    private void putPermission(Context ctx) {
        Users users = users(ctx);
        VirtualHost vhost = node.vhost(ctx);
        String user = ctx.pathParam("user");
        if (users.get(user) == null) {
            throw ApiError.badRequest("user '" + user + "' does not exist");
        }
        Map<String, Object> body = Json.body(ctx);
        for (String field : new String[] {"configure", "write", "read"}) {
            if (!body.containsKey(field)) {
                throw ApiError.badRequest(field + " not found");
            }
        }
        boolean existed = users.permission(user, vhost.name()) != null;
        users.setPermission(user, vhost.name(), new Permission(Json.text(body, "configure", ""),
                Json.text(body, "write", ""), Json.text(body, "read", "")));
        ctx.status(existed ? 204 : 201);
    }

    private void deletePermission(Context ctx) {
        Users users = users(ctx);
        VirtualHost vhost = node.vhost(ctx);
        String user = ctx.pathParam("user");
        if (users.permission(user, vhost.name()) == null) {
            throw ApiError.notFound();
        }
        users.clearPermission(user, vhost.name());
        ctx.status(204);
    }

    static List<String> sortedTags(User user) {
        List<String> tags = new ArrayList<>(user.tags());
        tags.sort(null);
        return tags;
    }

    /** A user as RabbitMQ's {@code /api/users} and definitions show it. */
    static Map<String, Object> json(User user, String passwordHash) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("name", user.name());
        u.put("password_hash", passwordHash == null ? "" : passwordHash);
        u.put("hashing_algorithm", HASHING_ALGORITHM);
        u.put("tags", sortedTags(user));
        u.put("limits", Map.of());
        return u;
    }

    static Map<String, Object> permissionJson(String user, String vhost, Permission permission) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("user", user);
        p.put("vhost", vhost);
        p.put("configure", permission.configure());
        p.put("write", permission.write());
        p.put("read", permission.read());
        return p;
    }
}
