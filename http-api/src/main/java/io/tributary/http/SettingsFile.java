package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;

/**
 * The settings file that {@code --config FILE} names: a flat YAML mapping or a {@code .properties} file
 * whose keys are the flags' names without their dashes ({@code port: 4567}, {@code data-dir: /data}).
 * A file whose name ends in {@code .properties} is read as properties, any other as YAML. A YAML
 * sequence or mapping under a key ({@code fault-injection}) is taken as its JSON text. An unknown key,
 * or a file that cannot be read, is a usage mistake, named with the file.
 *
 * <p>Concurrency: stateless; read once by {@link ServerConfig#parse} at start.
 */
final class SettingsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingsFile() {
    }

    static Map<ServerConfig.Setting, String> read(Path file) throws ServerConfig.UsageException {
        Map<ServerConfig.Setting, String> values = new EnumMap<>(ServerConfig.Setting.class);
        try {
            if (file.getFileName() != null && file.getFileName().toString().endsWith(".properties")) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                for (String key : properties.stringPropertyNames()) {
                    values.put(setting(file, key), properties.getProperty(key).trim());
                }
                return values;
            }
            JsonNode root = new YAMLMapper().readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return values;
            }
            if (!root.isObject()) {
                throw new ServerConfig.UsageException("--config " + file + " must be a mapping of flag names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                values.put(setting(file, field.getKey()),
                    value.isContainerNode() ? JSON.writeValueAsString(value) : value.isNull() ? "" : value.asText());
            }
            return values;
        } catch (IOException unreadable) {
            throw new ServerConfig.UsageException("--config " + file + " cannot be read: " + unreadable.getMessage());
        }
    }

    private static ServerConfig.Setting setting(Path file, String key) throws ServerConfig.UsageException {
        ServerConfig.Setting setting;
        try {
            setting = ServerConfig.settingOf("--" + key);
        } catch (ServerConfig.UsageException unknown) {
            throw new ServerConfig.UsageException("--config " + file + " has an unknown setting " + key
                + "; its keys are the flags' names without dashes (port, data-dir, ...)");
        }
        if (setting == ServerConfig.Setting.CONFIG) {
            throw new ServerConfig.UsageException("--config " + file + " cannot name another config file");
        }
        return setting;
    }
}
