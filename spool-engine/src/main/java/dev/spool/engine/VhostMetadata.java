package dev.spool.engine;

import java.util.List;

/**
 * What an operator says about a virtual host (RabbitMQ's vhost metadata). Immutable.
 *
 * @param description      free text
 * @param tags             labels
 * @param defaultQueueType the queue type for declarations that name none ({@code classic})
 */
public record VhostMetadata(String description, List<String> tags, String defaultQueueType) {
    /** No description, no tags, classic queues. */
    public static final VhostMetadata NONE = new VhostMetadata("", List.of(), "classic");

    public VhostMetadata {
        description = description == null ? "" : description;
        tags = tags == null ? List.of() : List.copyOf(tags);
        defaultQueueType = defaultQueueType == null || defaultQueueType.isEmpty() ? "classic" : defaultQueueType;
    }
}
