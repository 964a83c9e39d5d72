package io.tributary.http.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real client program (the AWS CLI, a Python or Node script) run as its own process against a
 * test server: AWS settings come only from the given environment and a temporary config file, so
 * nothing on the machine leaks in, and every run is bounded in time. The programs are installed by
 * {@code scripts/test-prerequisites.sh}.
 */
public final class ClientProgram {
    private final Map<String, String> environment;
    private final Path workingDirectory;

    private ClientProgram(Map<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** The environment an AWS client needs for Tributary, with its config and credentials files in {@code home}. */
    public static ClientProgram in(Path home, Map<String, String> extra) {
        try {
            Path config = home.resolve("aws-config");
            Files.writeString(config, "[default]\nregion = us-east-1\noutput = json\n");
            Path credentials = home.resolve("aws-credentials");
            Files.writeString(credentials, "[default]\naws_access_key_id = AKIDTRIBUTARY\naws_secret_access_key = secret\n");
            Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIDTRIBUTARY",
                "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_REGION", "us-east-1",
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                "AWS_PAGER", "",
                "AWS_EC2_METADATA_DISABLED", "true",
                "HOME", home.toString()));
            environment.putAll(extra);
            return new ClientProgram(environment, home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a finished run printed and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result requireSuccess(List<String> command) {
            if (exitCode != 0) {
                throw new AssertionError(command + " exited with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    /** Runs {@code command} to its end, or kills it and fails after {@code timeout}. */
    public Result run(List<String> command, Duration timeout) {
        try {
            Path out = Files.createTempFile(workingDirectory, "out", ".txt");
            Path err = Files.createTempFile(workingDirectory, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish within " + timeout + "\nstdout:\n"
                    + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The project's {@code clients/} folder: the scripts the tests run and their npm packages. */
    public static Path clientsFolder() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path candidate = here.resolve("clients");
        return Files.isDirectory(candidate) ? candidate : here.getParent().resolve("clients");
    }
}
