package io.tributary.engine.replication;

/**
 * A catalog change lost the race: another node's change was agreed first, so this one, computed
 * from an older catalog, was not applied. The change is computed again on the newer catalog.
 */
public final class CatalogConflictException extends RuntimeException {
    public CatalogConflictException() {
        super("the catalog changed while this change was being agreed", null, false, false);
    }
}
