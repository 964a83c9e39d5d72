package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory up to a limit. A larger body is read to its end and discarded,
 * so memory stays bounded and the connection stays usable, and the request fails with 413.
 */
final class BodyReader {
    private BodyReader() {
    }

    static Future<Buffer> read(HttpServerRequest request, long limitBytes) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer(initialCapacity(declared, limitBytes));
        long[] received = {0};
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] <= limitBytes) {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(done -> {
            if (received[0] > limitBytes) {
                promise.tryFail(ErrorCode.REQUEST_TOO_LARGE.exception(
                    "Request body of " + received[0] + " bytes exceeds the limit of " + limitBytes + " bytes."));
            } else {
                promise.tryComplete(body);
            }
        });
        request.resume();
        return promise.future();
    }

    private static int initialCapacity(String declaredLength, long limitBytes) {
        try {
            long declared = declaredLength == null ? 1024 : Long.parseLong(declaredLength.trim());
            return (int) Math.max(0, Math.min(declared, limitBytes));
        } catch (NumberFormatException e) {
            return 1024;
        }
    }
}
