package dev.filelock.core;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * What {@link MmapLock} and {@link PythonMmapLock} share: a region of fixed length over a mapping,
 * the options the lock was made with, and the rule that one file is one lock per JVM with one
 * length and one set of options.
 *
 * @param <O> the lock kind's options
 */
abstract class MappedRegionLock<O> extends AbstractInterProcessLock implements RegionLock {

    private final int length;
    private final O options;
    final MmapRegion region;

    MappedRegionLock(Path realPath, ProcessLevelLock file, int length, O options, ByteBuffer region,
            HoldFacts facts) {
        super(realPath, file);
        this.length = length;
        this.options = options;
        this.region = new MmapRegion(realPath, region, facts);
    }

    @Override
    public SharedRegion region() {
        return region;
    }

    @Override
    public int length() {
        return length;
    }

    /** The options this lock was made with. */
    public O options() {
        return options;
    }

    /**
     * Refuses a second declaration of this lock's file in this JVM that differs from the first.
     *
     * @param what how messages name the file, e.g. "Mmap lock file"
     */
    void requireSame(String what, int otherLength, O otherOptions) {
        if (length != otherLength) {
            throw new LockException(what + " " + path() + " is already used in this JVM with a region of " + length
                    + " bytes, not " + otherLength + "; declare one length per file");
        }
        if (!options.equals(otherOptions)) {
            throw new LockException(what + " " + path() + " is already used in this JVM with " + options + "; every "
                    + getClass().getSimpleName() + " on one file must use the same options, not " + otherOptions);
        }
    }
}
