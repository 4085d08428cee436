package dev.spool.management.api;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.spool.management.ManagementSettings;
import dev.spool.management.NodeResources;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This node as {@code /api/nodes} describes it: memory and disk as the resource alarms measure them (the heap after
 * the latest collection, the data directory's file system) with the alarms' state, file descriptors, uptime,
 * listeners. Erlang-only fields (processes, run queue) are reported as RabbitMQ's clients expect them, from the JVM's
 * nearest equivalent (threads). Any request thread.
 */
final class NodeFacts {
    private final ManagementSettings settings;
    private final NodeResources resources;

    NodeFacts(ManagementSettings settings, NodeResources resources) {
        this.settings = settings;
        this.resources = resources;
    }

    /**
     * The alarms in effect, as RabbitMQ's health checks list them: {@code [{"node": ..., "resource": "memory"}]},
     * memory first; empty when none is.
     */
    List<Map<String, Object>> alarms() {
        List<Map<String, Object>> alarms = new ArrayList<>(2);
        if (resources.memoryAlarm()) {
            alarms.add(alarm("memory"));
        }
        if (resources.diskAlarm()) {
            alarms.add(alarm("disk"));
        }
        return alarms;
    }

    private Map<String, Object> alarm(String resource) {
        Map<String, Object> alarm = new LinkedHashMap<>();
        alarm.put("node", settings.nodeName());
        alarm.put("resource", resource);
        return alarm;
    }

    static List<Map<String, Object>> exchangeTypes() {
        return OverviewApi.typesOf(List.of("direct", "fanout", "headers", "topic"));
    }

    List<Map<String, Object>> listeners(int httpPort) {
        return List.of(listener("amqp", settings.amqpPort()), listener("http", httpPort));
    }

    private Map<String, Object> listener(String protocol, int port) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("node", settings.nodeName());
        l.put("protocol", protocol);
        l.put("ip_address", settings.host());
        l.put("port", port);
        l.put("socket_opts", Map.of());
        return l;
    }

    List<Map<String, Object>> contexts(int httpPort) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("node", settings.nodeName());
        c.put("description", "Spool Management");
        c.put("path", "/");
        c.put("port", Integer.toString(httpPort));
        return List.of(c);
    }

    Map<String, Object> json(int httpPort) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", settings.nodeName());
        n.put("type", "disc");
        n.put("running", true);
        n.put("being_drained", false);
        n.put("os_pid", Long.toString(ProcessHandle.current().pid()));
        n.put("processors", runtime.availableProcessors());
        n.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime());
        n.put("mem_used", resources.memoryUsedBytes());
        n.put("mem_limit", resources.memoryLimitBytes());
        n.put("mem_alarm", resources.memoryAlarm());
        File dataDir = settings.dataDir().toFile();
        n.put("disk_free", resources.diskFreeBytes());
        n.put("disk_free_limit", resources.diskFreeLimitBytes());
        n.put("disk_free_alarm", resources.diskAlarm());
        n.put("fd_used", openFileDescriptors());
        n.put("fd_total", maxFileDescriptors());
        n.put("sockets_used", 0);
        n.put("sockets_total", maxFileDescriptors());
        n.put("proc_used", Thread.activeCount());
        n.put("proc_total", 1_048_576);
        n.put("run_queue", 0);
        n.put("partitions", List.of());
        n.put("net_ticktime", 60);
        n.put("rates_mode", "basic");
        n.put("enabled_plugins", List.of("rabbitmq_management", "rabbitmq_prometheus"));
        n.put("exchange_types", exchangeTypes());
        n.put("auth_mechanisms", List.of(Map.of("name", "PLAIN", "description", "SASL PLAIN authentication mechanism",
                "enabled", true), Map.of("name", "AMQPLAIN", "description", "QPid AMQPLAIN mechanism",
                "enabled", true)));
        n.put("contexts", contexts(httpPort));
        n.put("listeners", listeners(httpPort));
        n.put("db_dir", dataDir.getAbsolutePath());
        n.put("log_files", List.of());
        n.put("config_files", List.of());
        n.put("cluster_links", List.of());
        return n;
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : 0;
        }
    }

    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0;
    }
}
