package dev.spool.management.api;

import io.javalin.config.RoutesConfig;

/** Registers every {@code /api} resource family on the server's routes. Called once, at start. */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    public static void register(RoutesConfig routes, Node node) {
        new OverviewApi(node).routes(routes);
        new VhostsApi(node).routes(routes);
        new UsersApi(node).routes(routes);
        new ConnectionsApi(node).routes(routes);
        new ExchangesApi(node).routes(routes);
        new QueuesApi(node).routes(routes);
        new MessagesApi(node).routes(routes);
        new QueueActionsApi(node).routes(routes);
        new BindingsApi(node).routes(routes);
        PoliciesApi.policies(node).routes(routes);
        PoliciesApi.operatorPolicies(node).routes(routes);
        new SecuritySettingsApi(node).routes(routes);
        new DefinitionsApi(node).routes(routes);
    }
}
