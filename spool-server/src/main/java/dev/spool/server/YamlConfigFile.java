package dev.spool.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML config file into text values per {@link ConfigKey}. Keys nest by their dotted name:
 * <pre>
 * amqp:
 *   host: 0.0.0.0
 *   port: 5672
 * http:
 *   port: 15672
 * data_dir: /var/lib/spool
 * loopback_users: [guest]
 * </pre>
 * Anything else is an error rather than silently ignored: an unknown key (usually a typo), a duplicate key, a section
 * that is not a mapping, a value that is a mapping, a key without a value.
 *
 * <p>Stateless; called once by the thread that loads the configuration.
 */
final class YamlConfigFile {
    private YamlConfigFile() {
    }

    /** The values set in {@code file}, as text; {@link ConfigKey#LOOPBACK_USERS} comes back comma-separated. */
    static Map<ConfigKey, String> read(Path file) {
        JsonNode root = parse(file);
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw problem(file, "must be a mapping of keys to values");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (isSection(field.getKey())) {
                readSection(file, field.getKey(), field.getValue(), values);
            } else {
                put(file, "", field.getKey(), field.getValue(), values);
            }
        }
        return values;
    }

    private static JsonNode parse(Path file) {
        YAMLMapper mapper = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        try {
            return mapper.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist", e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("config file " + file + " is not valid YAML" + where + ": "
                    + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e, e);
        }
    }

    private static void readSection(Path file, String section, JsonNode node, Map<ConfigKey, String> values) {
        if (!node.isObject()) {
            throw problem(file, "'" + section + "' must be a mapping of keys (" + keysIn(section) + ")");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            put(file, section, field.getKey(), field.getValue(), values);
        }
    }

    /** Stores one value; {@code section} is "" at the top level, where a dotted name like "amqp.port" is unknown. */
    private static void put(Path file, String section, String name, JsonNode node, Map<ConfigKey, String> values) {
        String dotted = section.isEmpty() ? name : section + "." + name;
        ConfigKey key = ConfigKey.byKey(dotted);
        if (key == null || !key.section().equals(section)) {
            throw problem(file, "has unknown key '" + dotted + "' (known: " + keysIn(section) + ")");
        }
        if (node.isNull()) {
            throw problem(file, "gives no value for '" + dotted + "'");
        }
        if (key == ConfigKey.LOOPBACK_USERS && node.isArray()) {
            values.put(key, joinNames(file, dotted, node));
        } else if (node.isValueNode()) {
            values.put(key, node.asText());
        } else {
            throw problem(file, "'" + dotted + "' must be a single value");
        }
    }

    private static String joinNames(Path file, String dotted, JsonNode array) {
        List<String> names = new ArrayList<>();
        for (JsonNode element : array) {
            if (!element.isValueNode() || element.isNull()) {
                throw problem(file, "'" + dotted + "' must be a list of user names");
            }
            names.add(element.asText());
        }
        return String.join(",", names);
    }

    private static boolean isSection(String name) {
        for (ConfigKey key : ConfigKey.values()) {
            if (key.section().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The names a section accepts, e.g. "host, port, channel_max, ..."; top-level keys list sections as "amqp.*". */
    private static String keysIn(String section) {
        List<String> names = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (section.isEmpty()) {
                String name = key.section().isEmpty() ? key.key() : key.section() + ".*";
                if (!names.contains(name)) {
                    names.add(name);
                }
            } else if (key.section().equals(section)) {
                names.add(key.leaf());
            }
        }
        return String.join(", ", names);
    }

    private static ConfigException problem(Path file, String problem) {
        return new ConfigException(null, "config file " + file + " " + problem);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
