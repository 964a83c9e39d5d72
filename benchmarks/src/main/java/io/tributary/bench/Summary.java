package io.tributary.bench;

import io.tributary.bench.report.RunResult;
import io.tributary.bench.report.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Prints one table of the result files given, or of every result file in the directories given. */
public final class Summary {
    private Summary() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> listed = Files.list(path)) {
                    listed.filter(file -> file.toString().endsWith(".json")).sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        List<RunResult> results = new ArrayList<>();
        for (Path file : files) {
            results.add(LoadGenerator.json().readValue(file.toFile(), RunResult.class));
        }
        System.out.print(Tables.summary(results));
    }
}
