package io.tributary.http.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.Optional;

/**
 * The two Kinesis body encodings (WIRE.md §2–3). A response is always written in the request's
 * encoding: the AWS SDK parses bodies with the codec it chose when it was built.
 */
public enum Encoding {
    /** AWS JSON 1.1: blobs are base64 strings, timestamps epoch seconds with a fraction. */
    JSON("application/x-amz-json-1.1", new ObjectMapper()),
    /** CBOR: blobs are byte strings, timestamps tag 1 with epoch milliseconds (the SDK's reading). */
    CBOR("application/x-amz-cbor-1.1", new CBORMapper());

    private final String contentType;
    private final ObjectMapper mapper;

    Encoding(String contentType, ObjectMapper mapper) {
        this.contentType = contentType;
        this.mapper = mapper;
    }

    public String contentType() {
        return contentType;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public JsonFactory factory() {
        return mapper.getFactory();
    }

    /** The encoding named by a Content-Type header (parameters ignored), if it is a Kinesis one. */
    public static Optional<Encoding> ofContentType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        for (Encoding encoding : values()) {
            if (encoding.contentType.equalsIgnoreCase(type)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }
}
