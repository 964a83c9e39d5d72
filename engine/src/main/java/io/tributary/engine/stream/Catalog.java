package io.tributary.engine.stream;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All streams of the account, by name, and the account's settings: an immutable snapshot swapped
 * whole on every change.
 */
public record Catalog(SortedMap<String, StreamState> streams, BillingCommitment commitment) {
    public static final Catalog EMPTY = new Catalog(new TreeMap<>());

    public Catalog {
        streams = Collections.unmodifiableSortedMap(new TreeMap<>(streams));
    }

    /** Streams of an account that has no billing commitment. */
    public Catalog(SortedMap<String, StreamState> streams) {
        this(streams, BillingCommitment.NONE);
    }

    /** The catalog with another commitment; this very catalog if the commitment is the same (no change to store). */
    public Catalog withCommitment(BillingCommitment newCommitment) {
        return newCommitment.equals(commitment) ? this : new Catalog(streams, newCommitment);
    }

    public Optional<StreamState> stream(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    public Catalog with(StreamState stream) {
        TreeMap<String, StreamState> next = new TreeMap<>(streams);
        next.put(stream.name(), stream);
        return new Catalog(next, commitment);
    }

    public Catalog without(String name) {
        TreeMap<String, StreamState> next = new TreeMap<>(streams);
        next.remove(name);
        return new Catalog(next, commitment);
    }

    /** Open shards of every provisioned stream: what the account shard limit counts. */
    public int openProvisionedShards() {
        return streams.values().stream()
            .filter(stream -> stream.mode() == io.tributary.engine.model.StreamMode.PROVISIONED)
            .mapToInt(StreamState::openShardCount)
            .sum();
    }
}
