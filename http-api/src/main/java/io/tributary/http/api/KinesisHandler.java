package io.tributary.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.http.auth.Authenticator;
import io.tributary.http.auth.Authorizer;
import io.tributary.http.auth.Identity;
import io.tributary.http.model.ServiceModel;
import io.tributary.http.model.Shape;
import io.tributary.http.model.Validator;
import io.tributary.http.protocol.Bodies;
import io.tributary.http.protocol.Encoding;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis protocol front door: one POST per operation, named by {@code X-Amz-Target}, in JSON
 * 1.1 or CBOR. Cross-origin headers come first ({@link Cors}, whose preflights end there). Then it
 * checks the request in the order Kinesis does (method, content type, body, target,
 * authentication, then the input against the service model, then with {@code --auth sigv4} the
 * caller's policies), calls the operation, and writes the
 * answer or the error in the request's encoding. Nothing a client sends can escape as anything but
 * an AWS-shaped error.
 *
 * <p>Concurrency: stateless; runs on the event loop of the HTTP verticle that received the request.
 */
public final class KinesisHandler implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisHandler.class);
    private static final String TARGET_HEADER = "X-Amz-Target";
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    private static final String CANNOT_AUTHORIZE = "Unable to determine service/operation name to be authorized";

    private final ServiceModel model;
    private final Validator validator;
    private final Map<String, Operation> operations;
    private final long maxBodyBytes;
    private final RequestGate gate;
    private final Authenticator authenticator;
    private final Optional<Authorizer> authorizer;

    /** A handler with authentication off. */
    public KinesisHandler(ServiceModel model, Map<String, Operation> operations, RequestGate gate, long maxBodyBytes) {
        this(model, operations, gate, maxBodyBytes, Authenticator.off(), Optional.empty());
    }

    /** A handler that authenticates every request, and with {@code authorizer} enforces policies. */
    public KinesisHandler(ServiceModel model, Map<String, Operation> operations, RequestGate gate, long maxBodyBytes,
                          Authenticator authenticator, Optional<Authorizer> authorizer) {
        this.model = model;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.gate = gate;
        this.validator = new Validator(model);
        this.operations = Map.copyOf(operations);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.putHeader("x-amzn-RequestId", requestId());
        response.putHeader("x-amz-id-2", extendedRequestId());
        if (Cors.answeredPreflight(request)) {
            return;
        }
        Optional<String> operation = operationName(request.getHeader(TARGET_HEADER));
        if (request.method() != HttpMethod.POST) {
            request.resume();
            sendPlain(response, 403, "AccessDeniedException", CANNOT_AUTHORIZE);
            return;
        }
        Optional<Encoding> encoding = Encoding.ofContentType(request.getHeader("Content-Type"));
        BodyReader.read(request, maxBodyBytes).onComplete(read -> {
            if (encoding.isEmpty()) {
                if (request.getHeader(TARGET_HEADER) == null) {
                    sendPlain(response, 403, "AccessDeniedException", CANNOT_AUTHORIZE);
                } else {
                    response.setStatusCode(404).end("<UnknownOperationException/>\n");
                }
                return;
            }
            if (read.failed()) {
                sendError(response, encoding.get(), read.cause());
                return;
            }
            Optional<Operation> streaming = operation.map(operations::get).filter(EventStreamOperation.class::isInstance);
            if (streaming.isPresent()) {
                openStream(request, encoding.get(), (EventStreamOperation) streaming.get(), operation.get(), read.result());
                return;
            }
            dispatch(request, encoding.get(), operation, read.result())
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        send(response, encoding.get(), 200, Bodies.encode(encoding.get(), answer.result()));
                    } else {
                        sendError(response, encoding.get(), answer.cause());
                    }
                });
        });
    }

    /**
     * Starts an event stream: errors before it begins are ordinary error responses; then the frames
     * go out under backpressure until the stream ends.
     */
    private void openStream(HttpServerRequest request, Encoding encoding, EventStreamOperation operation, String name,
                            Buffer body) {
        Future<reactor.core.publisher.Flux<Buffer>> frames;
        try {
            Input input = checkedInput(request, encoding, name, body);
            frames = gate.admit(name, input).compose(admitted -> operation.open(input));
        } catch (RuntimeException e) {
            frames = Future.failedFuture(e);
        }
        frames.onComplete(opened -> {
            HttpServerResponse response = request.response();
            if (opened.failed()) {
                sendError(response, encoding, opened.cause());
                return;
            }
            if (response.closed()) {
                return;
            }
            response.setStatusCode(200).putHeader("Content-Type", EVENT_STREAM);
            if (request.version() == io.vertx.core.http.HttpVersion.HTTP_1_1) {
                response.setChunked(true);
            }
            opened.result().subscribe(new EventStreamWriter(response, operation::errorFrame));
        });
    }

    /** A request's members, decoded and validated against the model, after the authentication check. */
    private Input checkedInput(HttpServerRequest request, Encoding encoding, String name, Buffer body) {
        if (body.length() == 0) {
            throw ErrorCode.SERIALIZATION.exception(null);
        }
        JsonNode tree = Bodies.decode(encoding, body);
        Optional<Identity> identity = authenticator.authenticate(request, body);
        Input input = new Input(model.input(name)
            .map(shape -> validator.validate(shape, tree, encoding))
            .orElseGet(() -> validator.validate(emptyInput(), tree, encoding)), identity.map(Identity::caller));
        authorizer.ifPresent(policies -> policies.authorize(name, input, identity));
        return input;
    }

    private Future<Reply> dispatch(HttpServerRequest request, Encoding encoding, Optional<String> operation, Buffer body) {
        try {
            if (operation.isEmpty()) {
                if (body.length() > 0) {
                    Bodies.decode(encoding, body);
                }
                throw ErrorCode.UNKNOWN_OPERATION.exception(null);
            }
            Input input = checkedInput(request, encoding, operation.get(), body);
            Operation implementation = operations.get(operation.get());
            if (implementation == null) {
                throw ErrorCode.UNKNOWN_OPERATION.exception("Tributary does not implement " + operation.get() + " yet.");
            }
            return gate.admit(operation.get(), input).compose(admitted -> implementation.handle(input));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The operation of a {@code Kinesis_20131202.<Operation>} target, if the model has it. */
    private Optional<String> operationName(String target) {
        if (target == null) {
            return Optional.empty();
        }
        int dot = target.indexOf('.');
        if (dot < 0 || !target.substring(0, dot).equals(model.targetPrefix())) {
            return Optional.empty();
        }
        String name = target.substring(dot + 1);
        return model.hasOperation(name) ? Optional.of(name) : Optional.empty();
    }

    private static Shape emptyInput() {
        return new Shape("Empty", "structure", java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
            Optional.empty(), java.util.List.of(), Map.of(), java.util.Set.of(), null, null, null);
    }

    private static void sendError(HttpServerResponse response, Encoding encoding, Throwable cause) {
        if (response.closed()) {
            return;
        }
        KinesisException error;
        if (cause instanceof KinesisException kinesis) {
            error = kinesis;
        } else {
            LOG.error("Unexpected failure answering a request", cause);
            error = ErrorCode.INTERNAL_FAILURE.exception(null);
        }
        send(response, encoding, error.code().httpStatus(), Bodies.encodeError(encoding, error));
    }

    private static void send(HttpServerResponse response, Encoding encoding, int status, Buffer body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", encoding.contentType()).end(body);
    }

    /** The answer AWS gives when it cannot tell what a request is: a small XML-like body. */
    private static void sendPlain(HttpServerResponse response, int status, String type, String message) {
        response.setStatusCode(status)
            .end("<" + type + ">\n  <Message>" + message + "</Message>\n</" + type + ">\n");
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static String extendedRequestId() {
        byte[] bytes = new byte[72];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
