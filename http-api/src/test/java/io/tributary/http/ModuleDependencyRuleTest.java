package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rule of DESIGN.md, checked on the sources: {@code engine} depends on no
 * sibling (and not on Ratis); {@code websocket}, {@code monitoring} and {@code cluster} on
 * {@code engine} only; nothing on {@code http-api}. Maven's module graph enforces the same for compiled code; this also catches
 * fully qualified names and keeps the rule visible.
 */
class ModuleDependencyRuleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Map<String, List<String>> FORBIDDEN = Map.of(
        "engine", List.of("io.tributary.http", "io.tributary.websocket", "io.tributary.monitoring", "io.tributary.cluster",
            "org.apache.ratis"),
        "websocket", List.of("io.tributary.http", "io.tributary.monitoring", "io.tributary.cluster"),
        "monitoring", List.of("io.tributary.http", "io.tributary.websocket", "io.tributary.cluster"),
        "cluster", List.of("io.tributary.http", "io.tributary.websocket", "io.tributary.monitoring"));

    @Test
    void shouldKeepEachModuleToTheSiblingsItMayUse() throws IOException {
        List<String> violations = new ArrayList<>();
        int checkedFiles = 0;
        for (Map.Entry<String, List<String>> module : FORBIDDEN.entrySet()) {
            Path sources = ROOT.resolve(module.getKey()).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    checkedFiles++;
                    String text = Files.readString(file);
                    for (String forbidden : module.getValue()) {
                        if (text.contains(forbidden + ".")) {
                            violations.add(ROOT.relativize(file) + " uses " + forbidden);
                        }
                    }
                }
            }
        }
        assertTrue(checkedFiles > 10, "the engine sources were found under " + ROOT);
        assertEquals(List.of(), violations);
    }
}
