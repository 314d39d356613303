package dev.filelock.core;

/**
 * What a region lock's process-level half knows about the current hold, for its
 * {@link SharedRegion}. Asked only by the holding thread.
 */
interface HoldFacts {

    /** See {@link SharedRegion#recoveredFromCrash()}. */
    boolean recoveredFromCrash();

    /** See {@link SharedRegion#generation()}. */
    long generation();
}
