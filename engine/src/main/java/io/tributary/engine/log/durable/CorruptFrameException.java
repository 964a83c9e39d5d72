package io.tributary.engine.log.durable;

import java.io.IOException;

/** A frame that is not whole or not intact: a torn tail during recovery, corruption anywhere else. */
final class CorruptFrameException extends IOException {
    private final long fileOffset;

    CorruptFrameException(long fileOffset, String reason) {
        super(reason + " at file offset " + fileOffset);
        this.fileOffset = fileOffset;
    }

    long fileOffset() {
        return fileOffset;
    }
}
