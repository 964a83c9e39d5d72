package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.auth.AuthMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code --auth} and {@code --credentials-file} settings and their environment twins. */
class ServerConfigAuthTest {

    @Test
    void shouldLeaveAuthenticationOffByDefault() throws Exception {
        ServerConfig config = ServerConfig.parse(new String[0], Map.of());
        assertEquals(AuthMode.OFF, config.auth());
        assertEquals(Optional.empty(), config.credentialsFile());
    }

    @Test
    void shouldReadSigV4AndTheCredentialsFileFromFlagsOrEnvironment() throws Exception {
        ServerConfig flags = ServerConfig.parse(new String[] {"--auth", "sigv4", "--credentials-file", "/tmp/c.json"}, Map.of());
        assertEquals(AuthMode.SIGV4, flags.auth());
        assertEquals(Optional.of(Path.of("/tmp/c.json")), flags.credentialsFile());
        ServerConfig environment = ServerConfig.parse(new String[0],
            Map.of("TRIBUTARY_AUTH", "sigv4", "TRIBUTARY_CREDENTIALS_FILE", "/tmp/c.yaml"));
        assertEquals(AuthMode.SIGV4, environment.auth());
    }

    @Test
    void shouldRefuseSigV4WithoutACredentialsFileAndUnknownModes() {
        ServerConfig.UsageException missing = assertThrows(ServerConfig.UsageException.class,
            () -> ServerConfig.parse(new String[] {"--auth", "sigv4"}, Map.of()));
        assertEquals("--auth sigv4 needs --credentials-file", missing.getMessage());
        ServerConfig.UsageException unknown = assertThrows(ServerConfig.UsageException.class,
            () -> ServerConfig.parse(new String[] {"--auth", "basic"}, Map.of()));
        assertEquals("--auth must be off or sigv4, not basic", unknown.getMessage());
    }

    @Test
    void shouldListTheAuthFlagsInHelp() {
        assertTrue(ServerConfig.help().contains("--auth"));
        assertTrue(ServerConfig.help().contains("TRIBUTARY_CREDENTIALS_FILE"));
    }
}
