package io.tributary.http.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.ServerConfig;
import io.tributary.http.support.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile checked against the README and the server, for machines without a Docker engine
 * (the README says so): its build command is the README's, it copies the jar that build makes, the
 * port and every environment variable it or the README's {@code docker run} lines name are real
 * settings, its entry point's flags parse, and its health check passes against a ready server.
 */
class DockerfileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ENV_NAME = Pattern.compile("\\b(TRIBUTARY_[A-Z0-9_]+)=");

    private static String dockerfile() throws IOException {
        return Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    private static List<String> instructions(String keyword) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : dockerfile().split("\n")) {
            if (line.startsWith(keyword + " ")) {
                found.add(line.substring(keyword.length() + 1).trim());
            }
        }
        return found;
    }

    /** The README's first command: build, then run the jar. */
    private static String[] readmeBuildAndRun() throws IOException {
        String text = readme();
        int block = text.indexOf("```sh\n");
        String first = text.substring(block + 6, text.indexOf('\n', block + 6));
        String command = first.contains("#") ? first.substring(0, first.indexOf('#')) : first;
        return command.trim().split("\\s*&&\\s*");
    }

    private static Set<String> settingsEnvironment() {
        return Arrays.stream(ServerConfig.Setting.values()).map(ServerConfig.Setting::environmentVariable)
            .collect(Collectors.toSet());
    }

    @Test
    void shouldBuildInAMavenStageAndRunOnASlimJre() throws IOException {
        List<String> from = instructions("FROM");
        assertEquals(List.of("maven:3-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre"), from);
    }

    @Test
    void shouldBuildWithTheReadmesBuildCommand() throws IOException {
        String build = readmeBuildAndRun()[0];
        assertTrue(build.startsWith("mvn "), build);
        assertTrue(instructions("RUN").contains(build), "Dockerfile RUN " + build + " in " + instructions("RUN"));
    }

    @Test
    void shouldCopyTheJarTheReadmeRunsAndThePomMakes() throws IOException {
        String run = readmeBuildAndRun()[1];
        Matcher jar = Pattern.compile("java -jar (\\S+)").matcher(run);
        assertTrue(jar.find(), run);
        assertEquals("http-api/target/tributary.jar", jar.group(1));
        assertTrue(Files.readString(ROOT.resolve("http-api/pom.xml")).contains("<finalName>tributary</finalName>"));
        String workdir = instructions("WORKDIR").get(0);
        assertTrue(instructions("COPY").stream().anyMatch(copy -> copy.startsWith("--from=build " + workdir + "/" + jar.group(1) + " ")),
            instructions("COPY").toString());
    }

    @Test
    void shouldExposeTheDefaultPortAndKeepDataInTheVolume() throws IOException {
        assertEquals(List.of(Integer.toString(ServerConfig.DEFAULT_PORT)), instructions("EXPOSE"));
        String env = String.join(" ", instructions("ENV"));
        assertTrue(env.contains("TRIBUTARY_PORT=" + ServerConfig.DEFAULT_PORT), env);
        assertTrue(env.contains("TRIBUTARY_DATA_DIR=/data"), env);
        assertEquals(List.of("/data"), instructions("VOLUME"));
    }

    @Test
    void shouldNameOnlyEnvironmentVariablesTheServerReads() throws IOException {
        Set<String> known = settingsEnvironment();
        List<String> named = new ArrayList<>();
        Matcher inDockerfile = ENV_NAME.matcher(String.join(" ", instructions("ENV")));
        while (inDockerfile.find()) {
            named.add(inDockerfile.group(1));
        }
        String readme = readme();
        String docker = readme.substring(readme.indexOf("## Docker"), readme.indexOf("\n## ", readme.indexOf("## Docker") + 1));
        Matcher inReadme = Pattern.compile("-e (TRIBUTARY_[A-Z0-9_]+)=").matcher(docker);
        while (inReadme.find()) {
            named.add(inReadme.group(1));
        }
        assertTrue(named.size() >= 4, named.toString());
        for (String name : named) {
            assertTrue(known.contains(name), name + " is not a setting of ServerConfig");
        }
    }

    @Test
    void shouldStartTheServerOnEveryInterfaceWithFlagsThatParse() throws Exception {
        String entrypoint = instructions("ENTRYPOINT").get(0);
        List<String> words = Arrays.stream(entrypoint.replaceAll("[\\[\\]\"]", "").split(","))
            .map(String::trim).toList();
        assertEquals(List.of("java", "-jar", "/opt/tributary/tributary.jar"), words.subList(0, 3));
        ServerConfig config = ServerConfig.parse(words.subList(3, words.size()).toArray(String[]::new),
            Map.of("TRIBUTARY_DATA_DIR", "/data"));
        assertEquals("0.0.0.0", config.host());
        assertEquals(Path.of("/data"), config.dataDirectory());
    }

    @Test
    void shouldIgnoreBuildOutputInTheBuildContext() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertTrue(ignored.contains("**/target"), ignored.toString());
        assertTrue(ignored.contains(".git"), ignored.toString());
    }

    @Test
    void shouldPassTheHealthCheckWhenTheServerIsReadyAndFailWhenNothingListens() throws Exception {
        assertTrue(instructions("COPY").contains("scripts/docker-healthcheck.sh /opt/tributary/healthcheck.sh"));
        assertTrue(instructions("HEALTHCHECK").get(0).endsWith("CMD [\"bash\", \"/opt/tributary/healthcheck.sh\"]"));
        try (TestServer server = TestServer.start()) {
            assertEquals(0, healthCheck(server.port()));
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertNotEquals(0, healthCheck(closed));
    }

    private static int healthCheck(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("scripts/docker-healthcheck.sh").toString())
            .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("TRIBUTARY_PORT", Integer.toString(port));
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the health check ends");
        process.getInputStream().readAllBytes();
        return process.exitValue();
    }
}
