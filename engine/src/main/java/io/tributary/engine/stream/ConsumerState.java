package io.tributary.engine.stream;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered (enhanced fan-out) consumer of a stream. Its ARN carries its creation time in epoch
 * seconds, so that a consumer registered again under the same name has a new ARN. A consumer has
 * tags of its own (TagResource on its ARN) and may have a resource policy.
 */
public record ConsumerState(String name, String arn, ConsumerStatus status, long createdMillis, SortedMap<String, String> tags,
                            Optional<String> resourcePolicy) {

    public ConsumerState(String name, String arn, ConsumerStatus status, long createdMillis) {
        this(name, arn, status, createdMillis, Collections.emptySortedMap(), Optional.empty());
    }

    /** The lifecycle states of a consumer, as Kinesis names them. */
    public enum ConsumerStatus {
        CREATING, DELETING, ACTIVE
    }

    public static String arnOf(String streamArn, String name, long createdMillis) {
        return streamArn + "/consumer/" + name + ":" + createdMillis / 1000;
    }

    public ConsumerState withStatus(ConsumerStatus newStatus) {
        return new ConsumerState(name, arn, newStatus, createdMillis, tags, resourcePolicy);
    }

    public ConsumerState withTags(SortedMap<String, String> newTags) {
        return new ConsumerState(name, arn, status, createdMillis, Collections.unmodifiableSortedMap(new TreeMap<>(newTags)),
            resourcePolicy);
    }

    public ConsumerState withResourcePolicy(Optional<String> policy) {
        return new ConsumerState(name, arn, status, createdMillis, tags, policy);
    }
}
