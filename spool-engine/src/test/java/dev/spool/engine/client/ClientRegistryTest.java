package dev.spool.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message totals per virtual host: live channels summed on read, closed ones folded in, deleted vhosts kept. */
class ClientRegistryTest {
    private final ClientRegistry registry = new ClientRegistry();

    private static ClientConnection connection(String name, String vhost) {
        return new ClientConnection() {
            public String name() { return name; }
            public String user() { return "guest"; }
            public String vhost() { return vhost; }
            public String peerHost() { return "127.0.0.1"; }
            public int peerPort() { return 1; }
            public String host() { return "127.0.0.1"; }
            public int port() { return 5672; }
            public String protocol() { return "AMQP 0-9-1"; }
            public Map<String, Object> clientProperties() { return Map.of(); }
            public long connectedAtMillis() { return 0; }
            public int channelMax() { return 0; }
            public long frameMax() { return 0; }
            public int heartbeatSeconds() { return 0; }
            public void close(String reason) { }
        };
    }

    @Test
    void totalsCountLiveAndClosedChannelsOnceEach() {
        ClientConnection a = connection("a", "/");
        registry.connectionOpened(a);
        ClientChannel one = new ClientChannel(a, 1);
        ClientChannel two = new ClientChannel(a, 2);
        registry.channelOpened(one);
        registry.channelOpened(two);
        one.counters().add(MessageCounters.RECEIVED, 5);
        two.counters().increment(MessageCounters.RECEIVED);

        assertThat(registry.totals("/")[MessageCounters.RECEIVED]).isEqualTo(6);
        registry.channelClosed(one);
        registry.channelClosed(one);
        assertThat(registry.totals("/")[MessageCounters.RECEIVED]).isEqualTo(6);
        assertThat(registry.totals(null)[MessageCounters.RECEIVED]).isEqualTo(6);
        assertThat(registry.totals("other")[MessageCounters.RECEIVED]).isZero();
        assertThat(registry.channelCount()).isEqualTo(1);
    }

    @Test
    void globalTotalsNeverGoDownWhenAVhostIsDeleted() {
        ClientConnection a = connection("a", "gone");
        ClientChannel channel = new ClientChannel(a, 1);
        registry.channelOpened(channel);
        channel.counters().add(MessageCounters.ACKNOWLEDGED, 3);
        registry.channelClosed(channel);

        registry.vhostDeleted("gone");

        assertThat(registry.totals("gone")[MessageCounters.ACKNOWLEDGED]).isZero();
        assertThat(registry.totals(null)[MessageCounters.ACKNOWLEDGED]).isEqualTo(3);
    }
}
