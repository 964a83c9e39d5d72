package io.tributary.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine a run was measured on, read off it at the time. */
public record Machine(int cores, long memoryMiB, String cpu, String javaVersion, String os) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryMiB(), cpuModel(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static long totalMemoryMiB() {
        return procLine("/proc/meminfo", "MemTotal:")
            .map(value -> Long.parseLong(value.replace("kB", "").trim()) / 1024)
            .orElse(-1L);
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(value -> value.replaceFirst("^\\s*:\\s*", "")).orElse("unknown");
    }

    private static Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst();
        } catch (IOException | RuntimeException unavailable) {
            return Optional.empty();
        }
    }
}
