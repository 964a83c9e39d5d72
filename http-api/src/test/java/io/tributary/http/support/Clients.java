package io.tributary.http.support;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Real AWS SDK for Java v2 clients pointed at a test server, configured as WIRE.md §6 describes.
 *
 * <p>The SDK reads {@code aws.cborEnabled} when a client is built, so every client is built under
 * one lock: a JSON client flips the property only while nobody else is building.
 */
public final class Clients {
    private static final Object BUILD_LOCK = new Object();
    private static final StaticCredentialsProvider CREDENTIALS =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARY", "secret"));

    private Clients() {
    }

    /** The synchronous client with its defaults: CBOR over HTTP/1.1. */
    public static KinesisClient sync(URI endpoint) {
        synchronized (BUILD_LOCK) {
            return syncBuilder(endpoint).build();
        }
    }

    /** The synchronous client with retries off, so that every answer belongs to exactly one attempt. */
    public static KinesisClient syncWithoutRetries(URI endpoint) {
        synchronized (BUILD_LOCK) {
            return syncBuilder(endpoint)
                .overrideConfiguration(config -> config.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        }
    }

    /** The synchronous client speaking JSON 1.1, as with {@code -Daws.cborEnabled=false}. */
    public static KinesisClient syncJson(URI endpoint) {
        synchronized (BUILD_LOCK) {
            String property = SdkSystemSetting.CBOR_ENABLED.property();
            String before = System.getProperty(property);
            System.setProperty(property, "false");
            try {
                return syncBuilder(endpoint).build();
            } finally {
                if (before == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, before);
                }
            }
        }
    }

    /** The asynchronous client with Kinesis's defaults: CBOR over cleartext HTTP/2 with prior knowledge. */
    public static KinesisAsyncClient async(URI endpoint) {
        return async(endpoint, Duration.ofSeconds(60));
    }

    /**
     * {@link #async(URI)} with another bound on a whole call: a SubscribeToShard call lasts up to
     * five minutes, so a subscription that must outlive a minute needs a longer one.
     */
    public static KinesisAsyncClient async(URI endpoint, Duration apiCallTimeout) {
        synchronized (BUILD_LOCK) {
            return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).maxConcurrency(256))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(apiCallTimeout).build())
                .build();
        }
    }

    /**
     * The asynchronous client the Kinesis Client Library builds for itself
     * ({@code KinesisClientUtil.createKinesisAsyncClient}: Netty, HTTP/2 with prior knowledge on
     * http://, unbounded concurrency), as WIRE.md §6 row D. SubscribeToShard needs its HTTP/2.
     */
    public static KinesisAsyncClient kcl(URI endpoint) {
        synchronized (BUILD_LOCK) {
            return software.amazon.kinesis.common.KinesisClientUtil.createKinesisAsyncClient(KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS));
        }
    }

    /**
     * The asynchronous client over https to a self-signed certificate: HTTP/2 negotiated by ALPN, or
     * HTTP/1.1 (kinesis-mock's documented setup), as WIRE.md §6 rows G and H.
     */
    public static KinesisAsyncClient asyncTls(URI endpoint, Protocol protocol) {
        synchronized (BUILD_LOCK) {
            NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder().protocol(protocol).maxConcurrency(64);
            if (protocol == Protocol.HTTP2) {
                http.protocolNegotiation(ProtocolNegotiation.ALPN);
            }
            return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(http.buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build()))
                .build();
        }
    }

    /** The synchronous client signing with {@code credentials}, retries off, for tests of authentication. */
    public static KinesisClient syncAs(URI endpoint, software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        synchronized (BUILD_LOCK) {
            return syncBuilder(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(config -> config.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        }
    }

    /** The asynchronous client over cleartext HTTP/2 signing with {@code credentials}. */
    public static KinesisAsyncClient asyncAs(URI endpoint, software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        synchronized (BUILD_LOCK) {
            return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).maxConcurrency(64))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).build())
                .build();
        }
    }

    /**
     * The asynchronous client over https with every HTTP setting at its default except trust of the
     * self-signed certificate: Kinesis's HTTP/2, started right after the handshake without ALPN.
     */
    public static KinesisAsyncClient asyncTlsDefaults(URI endpoint) {
        synchronized (BUILD_LOCK) {
            return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(NettyNioAsyncHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build()))
                .build();
        }
    }

    private static software.amazon.awssdk.services.kinesis.KinesisClientBuilder syncBuilder(URI endpoint) {
        return KinesisClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build());
    }
}
