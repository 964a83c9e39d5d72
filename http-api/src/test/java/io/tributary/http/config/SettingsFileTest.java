package io.tributary.http.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.log.Durability;
import io.tributary.http.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config FILE}: settings keyed by flag name, beneath the environment and the flags. */
class SettingsFileTest {
    @TempDir
    Path directory;

    private Path yaml(String text) throws IOException {
        return Files.writeString(directory.resolve("tributary.yaml"), text);
    }

    @Test
    void shouldTakeEverySettingFromAYamlFileKeyedByFlagName() throws Exception {
        Path file = yaml("""
            port: 5123
            data-dir: /data
            durability: memory
            throughput-limits: off
            websocket-ping-ms: 250
            fault-injection:
              - stream: orders
                throttle: 0.5
            """);
        ServerConfig config = ServerConfig.parse(new String[] {"--config", file.toString()}, Map.of());
        assertEquals(5123, config.port());
        assertEquals(Path.of("/data"), config.dataDirectory());
        assertEquals(Durability.MEMORY, config.durability());
        assertFalse(config.throughputLimits());
        assertEquals(Duration.ofMillis(250), config.webSocketPingInterval());
        assertEquals(1, config.faultRules().size());
    }

    @Test
    void shouldReadAPropertiesFile() throws Exception {
        Path file = Files.writeString(directory.resolve("tributary.properties"), "port=5124\nregion=eu-west-1\n");
        ServerConfig config = ServerConfig.parse(new String[] {"--config=" + file}, Map.of());
        assertEquals(5124, config.port());
        assertEquals("eu-west-1", config.region());
    }

    @Test
    void shouldLetTheEnvironmentWinOverTheFileAndTheFlagWinOverBoth() throws Exception {
        Path file = yaml("port: 5001\nregion: eu-west-1\naccount-id: '111111111111'\n");
        Map<String, String> environment = Map.of("TRIBUTARY_PORT", "5002", "TRIBUTARY_REGION", "eu-central-1");
        ServerConfig config = ServerConfig.parse(new String[] {"--config", file.toString(), "--port", "5003"}, environment);
        assertEquals(5003, config.port(), "the flag wins over the environment and the file");
        assertEquals("eu-central-1", config.region(), "the environment wins over the file");
        assertEquals("111111111111", config.accountId(), "the file wins over the default");
    }

    @Test
    void shouldTakeTheFileFromTheEnvironmentTooAndTheFlagsFileFirst() throws Exception {
        Path fromEnvironment = yaml("port: 5010\n");
        Path fromFlag = Files.writeString(directory.resolve("flag.yml"), "port: 5011\n");
        assertEquals(5010, ServerConfig.parse(new String[0], Map.of("TRIBUTARY_CONFIG", fromEnvironment.toString())).port());
        assertEquals(5011, ServerConfig.parse(new String[] {"--config", fromFlag.toString()},
            Map.of("TRIBUTARY_CONFIG", fromEnvironment.toString())).port());
    }

    @Test
    void shouldLeaveTheDefaultsWithoutAFile() throws Exception {
        ServerConfig config = ServerConfig.parse(new String[0], Map.of());
        assertEquals(ServerConfig.DEFAULT_PORT, config.port());
        assertEquals(ServerConfig.DEFAULT_HOST, config.host());
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingTheFileAndTheKey() throws Exception {
        Path file = yaml("port: 5001\nprot: 5002\n");
        ServerConfig.UsageException refused = assertThrows(ServerConfig.UsageException.class,
            () -> ServerConfig.parse(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(refused.getMessage().contains("unknown setting prot"), refused.getMessage());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    @Test
    void shouldRefuseAMissingFileAndABadValueWithTheFlagsMessage() throws Exception {
        ServerConfig.UsageException missing = assertThrows(ServerConfig.UsageException.class,
            () -> ServerConfig.parse(new String[] {"--config", directory.resolve("absent.yaml").toString()}, Map.of()));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
        Path file = yaml("port: lots\n");
        ServerConfig.UsageException bad = assertThrows(ServerConfig.UsageException.class,
            () -> ServerConfig.parse(new String[] {"--config", file.toString()}, Map.of()));
        assertEquals("--port must be a whole number from 0 to 65535, not lots", bad.getMessage());
    }

    @Test
    void shouldListTheConfigFlagInHelp() {
        assertTrue(ServerConfig.help().contains("--config"));
        assertTrue(ServerConfig.help().contains("TRIBUTARY_CONFIG"));
    }
}
