package dev.spool.engine.auth;

import java.util.Set;

/**
 * Where {@link Users} records its changes so that they survive a restart (the broker's definitions journal), told
 * before each change is applied in memory: a failure (an unchecked exception) leaves the user database unchanged.
 * Called under the user database's write lock, from whichever thread changes it.
 */
public interface UserJournal {
    /** Records nothing: a broker without a store. */
    UserJournal NONE = new UserJournal() {
        @Override
        public void putUser(String name, String passwordHash, Set<String> tags) {
        }

        @Override
        public void deleteUser(String name) {
        }

        @Override
        public void putPermission(String user, String vhost, Permission permission) {
        }

        @Override
        public void deletePermission(String user, String vhost) {
        }
    };

    void putUser(String name, String passwordHash, Set<String> tags);

    void deleteUser(String name);

    void putPermission(String user, String vhost, Permission permission);

    void deletePermission(String user, String vhost);
}
