package io.tributary.http.protocol;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** An output stream that appends to a Vert.x buffer, so encoders write response bodies without a copy. */
final class BufferOutputStream extends OutputStream {
    private final Buffer buffer;

    BufferOutputStream(Buffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void write(int b) {
        buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        buffer.appendBytes(bytes, offset, length);
    }
}
