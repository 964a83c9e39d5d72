package io.tributary.http.protocol;

import java.io.IOException;

/** A successful answer: writes the output members, or nothing for operations without output. */
@FunctionalInterface
public interface Reply {
    /** For operations whose model has no output shape: HTTP 200 with an empty body. */
    Reply EMPTY = out -> { };

    void writeMembers(Output out) throws IOException;
}
