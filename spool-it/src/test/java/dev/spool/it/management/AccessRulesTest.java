package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spool.engine.auth.Permission;
import dev.spool.it.support.RunningBroker;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The management port never bypasses authentication or permissions: RabbitMQ's user tags (management, policymaker,
 * monitoring, administrator) and the per-vhost resource permissions decide what a caller may see and do.
 */
class AccessRulesTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private static ManagementHttp admin;

    @BeforeAll
    static void users() {
        admin = new ManagementHttp(broker.httpUrl(), "guest", "guest");
        var users = broker.server().broker().users();
        users.put("watcher", "watcher", Set.of("monitoring"));
        users.put("dev", "dev", Set.of("management"));
        users.setPermission("dev", "/", new Permission("^dev\\..*", ".*", ".*"));
        users.put("app", "app", Set.of());
        users.setPermission("app", "/", Permission.ALL);
        users.put("planner", "planner", Set.of("policymaker"));
        users.setPermission("planner", "/", Permission.ALL);
        broker.server().broker().createVhost("private");
        admin.put("/api/queues/%2F/guarded", "{}");
    }

    @Test
    void requestWithoutCredentialsIs401WithABasicChallenge() {
        ManagementHttp.Reply reply = admin.anonymous().get("/api/overview");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(reply.json().get("error").asText()).isEqualTo("not_authorized");
    }

    @Test
    void wrongPasswordIs401() {
        assertThat(admin.as("guest", "wrong").get("/api/overview").status()).isEqualTo(401);
        assertThat(admin.as("nobody", "x").get("/api/queues").status()).isEqualTo(401);
    }

    @Test
    void userWithoutAManagementTagIs401EvenWithPermissions() {
        ManagementHttp.Reply reply = admin.as("app", "app").get("/api/overview");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("reason").asText()).isEqualTo("Not management user");
    }

    @Test
    void monitoringUserCanReadEverythingButCannotDeleteAQueue() {
        ManagementHttp watcher = admin.as("watcher", "watcher");

        assertThat(watcher.get("/api/queues/%2F/guarded").status()).isEqualTo(200);
        assertThat(watcher.get("/api/nodes").status()).isEqualTo(200);
        ManagementHttp.Reply delete = watcher.delete("/api/queues/%2F/guarded");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.json().get("error").asText()).isEqualTo("not_authorized");
        assertThat(broker.queue("guarded")).isNotNull();
        assertThat(watcher.delete("/api/queues/%2F/guarded/contents").status()).isEqualTo(403);
    }

    @Test
    void onlyAnAdministratorManagesUsersVhostsAndDefinitions() {
        ManagementHttp watcher = admin.as("watcher", "watcher");

        assertThat(watcher.get("/api/users").status()).isEqualTo(403);
        assertThat(watcher.put("/api/users/eve", "{\"password\":\"x\",\"tags\":\"administrator\"}").status())
                .isEqualTo(403);
        assertThat(watcher.put("/api/vhosts/new", "{}").status()).isEqualTo(403);
        assertThat(watcher.get("/api/definitions").status()).isEqualTo(403);
        assertThat(broker.server().broker().users().get("eve")).isNull();
    }

    @Test
    void managementUserSeesOnlyTheVhostsItHasPermissionsOn() {
        ManagementHttp dev = admin.as("dev", "dev");

        JsonNode vhosts = dev.get("/api/vhosts").json();

        assertThat(vhosts).extracting(v -> v.get("name").asText()).containsExactly("/");
        assertThat(dev.get("/api/queues/private").status()).isEqualTo(403);
        assertThat(dev.get("/api/nodes").status()).isEqualTo(403);
    }

    @Test
    void resourcePermissionsApplyToDeclarations() {
        ManagementHttp dev = admin.as("dev", "dev");

        assertThat(dev.put("/api/queues/%2F/dev.allowed", "{}").status()).isEqualTo(201);
        ManagementHttp.Reply refused = dev.put("/api/queues/%2F/other", "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("reason").asText())
                .isEqualTo("access to queue 'other' in vhost '/' refused for user 'dev'");
    }

    @Test
    void policiesNeedThePolicymakerTag() {
        String policy = "{\"pattern\":\"^x\",\"definition\":{\"max-length\":5},\"apply-to\":\"queues\"}";

        assertThat(admin.as("dev", "dev").put("/api/policies/%2F/limit", policy).status()).isEqualTo(403);
        assertThat(admin.as("planner", "planner").put("/api/policies/%2F/limit", policy).status()).isEqualTo(201);
        assertThat(admin.get("/api/policies/%2F/limit").json().at("/definition/max-length").asInt()).isEqualTo(5);
    }

    @Test
    void whoamiNamesTheCallerAndItsTags() {
        JsonNode me = admin.as("watcher", "watcher").get("/api/whoami").json();

        assertThat(me.get("name").asText()).isEqualTo("watcher");
        assertThat(me.get("tags")).extracting(JsonNode::asText).containsExactly("monitoring");
    }

    @Test
    void metricsNeedNoCredentials() {
        assertThat(admin.anonymous().get("/metrics").status()).isEqualTo(200);
    }
}
