package dev.spool.engine.auth;

/**
 * Where {@link TopicPermissions} records its changes so that they survive a restart (the broker's definitions
 * journal), told before each change is applied in memory: a failure leaves the permissions unchanged. Called under
 * the topic permissions' monitor.
 */
public interface TopicPermissionJournal {
    /** Records nothing: a broker without a store. */
    TopicPermissionJournal NONE = new TopicPermissionJournal() {
        @Override
        public void putTopicPermission(String user, String vhost, TopicPermission permission) {
        }

        @Override
        public void deleteTopicPermission(String user, String vhost, String exchange) {
        }
    };

    void putTopicPermission(String user, String vhost, TopicPermission permission);

    void deleteTopicPermission(String user, String vhost, String exchange);
}
