package dev.spool.engine.limits;

/**
 * Where {@link Limits} records the limits set for one virtual host or user, so that they survive a restart (the
 * broker's definitions journal), told before each change is applied in memory. The defaults from the configuration
 * are not recorded. Called under the limits' write monitor.
 */
public interface LimitsJournal {
    /** Records nothing: a broker without a store. */
    LimitsJournal NONE = new LimitsJournal() {
        @Override
        public void putVhostLimits(String vhost, VhostLimits limits) {
        }

        @Override
        public void deleteVhostLimits(String vhost) {
        }

        @Override
        public void putUserLimits(String user, UserLimits limits) {
        }

        @Override
        public void deleteUserLimits(String user) {
        }
    };

    void putVhostLimits(String vhost, VhostLimits limits);

    void deleteVhostLimits(String vhost);

    void putUserLimits(String user, UserLimits limits);

    void deleteUserLimits(String user);
}
