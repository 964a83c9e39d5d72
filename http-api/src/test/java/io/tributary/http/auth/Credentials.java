package io.tributary.http.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes credentials files for tests into a temporary directory. */
final class Credentials {
    static final String ACCOUNT = "000000000000";
    static final String OTHER_ACCOUNT = "111122223333";

    private Credentials() {
    }

    static Path write(String name, String content) {
        try {
            Path directory = Files.createTempDirectory("tributary-credentials");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve(name);
            Files.writeString(file, content);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One identity entry of the JSON form, with its policies as JSON text. */
    static String identity(String accessKey, String secret, String account, String principal, String token, String... policies) {
        return "{\"accessKeyId\":\"" + accessKey + "\",\"secretAccessKey\":\"" + secret + "\",\"accountId\":\"" + account
            + "\",\"principalArn\":\"" + principal + "\"" + (token == null ? "" : ",\"sessionToken\":\"" + token + "\"")
            + ",\"policies\":[" + String.join(",", policies) + "]}";
    }

    static String file(String... identities) {
        return "{\"identities\":[" + String.join(",", identities) + "]}";
    }

    static String allowAll() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    }
}
