package io.tributary.http.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.waiters.KinesisWaiter;

/**
 * The three ways the real AWS SDK for Java v2 talks to Kinesis, behind one {@link KinesisClient}
 * face so that one test body checks all three.
 */
public enum SdkFlavor {
    /** {@code KinesisClient} with its defaults: CBOR over HTTP/1.1. */
    SYNC_CBOR {
        @Override
        public KinesisClient open(URI endpoint) {
            return Clients.sync(endpoint);
        }
    },
    /** {@code KinesisAsyncClient} with Kinesis's defaults: CBOR over cleartext HTTP/2. */
    ASYNC_HTTP2_CBOR {
        @Override
        public KinesisClient open(URI endpoint) {
            return blocking(Clients.async(endpoint));
        }
    },
    /** {@code KinesisClient} with {@code aws.cborEnabled=false}: JSON 1.1. */
    SYNC_JSON {
        @Override
        public KinesisClient open(URI endpoint) {
            return Clients.syncJson(endpoint);
        }
    };

    public abstract KinesisClient open(URI endpoint);

    /**
     * A {@link KinesisClient} whose calls go through the async client and wait for the answer,
     * rethrowing the SDK's exception as the sync client would. Paginators and other default
     * methods run as written and reach the async client through the same path.
     */
    /** The async client's method with the same name and parameters that answers with a future, if any. */
    private static Method asyncTwin(Method method) {
        try {
            Method twin = KinesisAsyncClient.class.getMethod(method.getName(), method.getParameterTypes());
            return CompletableFuture.class.isAssignableFrom(twin.getReturnType()) ? twin : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static KinesisClient blocking(KinesisAsyncClient async) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                async.close();
                return null;
            }
            if (method.getName().equals("waiter")) {
                return KinesisWaiter.builder().client((KinesisClient) proxy).build();
            }
            if (method.getName().equals("serviceName")) {
                return async.serviceName();
            }
            Method target = asyncTwin(method);
            if (target == null) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return ((CompletableFuture<?>) target.invoke(async, args)).join();
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        };
        return (KinesisClient) Proxy.newProxyInstance(SdkFlavor.class.getClassLoader(), new Class<?>[] {KinesisClient.class}, handler);
    }
}
