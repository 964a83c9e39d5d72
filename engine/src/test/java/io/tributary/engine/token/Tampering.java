package io.tributary.engine.token;

import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

/** Ways a client might alter a token, for tests that tokens are tamper-proof. */
final class Tampering {
    private Tampering() {
    }

    /** The token re-encoded once for each of its bytes, with that one byte's bits inverted. */
    static List<String> everySingleByteFlipped(String token) {
        byte[] bytes = Base64.getDecoder().decode(token);
        return IntStream.range(0, bytes.length).mapToObj(i -> {
            byte[] flipped = bytes.clone();
            flipped[i] = (byte) ~flipped[i];
            return Base64.getEncoder().encodeToString(flipped);
        }).toList();
    }

    /** Strings a client might send that are no token at all: not base64, or too short to carry a tag. */
    static List<String> garbage() {
        return List.of("", "not a token!", "AAAA", "AAAAAAAAAAE", "@@@@====", "AAAAAAAAAAEAAAFLDqJx0A==\n");
    }
}
