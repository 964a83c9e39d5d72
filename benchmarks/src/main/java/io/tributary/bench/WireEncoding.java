package io.tributary.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.Locale;

/**
 * The two Kinesis body encodings as a client writes them (WIRE.md §2–3): in JSON 1.1 blobs are
 * base64 strings and timestamps epoch seconds; in CBOR blobs are byte strings and timestamps tag 1
 * with epoch milliseconds. Jackson's generators write both forms from the same calls.
 */
public enum WireEncoding {
    JSON("application/x-amz-json-1.1", new ObjectMapper()),
    CBOR("application/x-amz-cbor-1.1", new CBORMapper());

    private final String contentType;
    private final ObjectMapper mapper;

    WireEncoding(String contentType, ObjectMapper mapper) {
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

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
