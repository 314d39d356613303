package dev.filelock.spring.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.LockOwner;
import dev.filelock.core.MmapLock;
import dev.filelock.core.MmapLockState;
import dev.filelock.core.PythonMmapLock;
import dev.filelock.core.RegionLock;
import dev.filelock.core.SharedRegion;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.LockType;

/**
 * {@code type: mmap}: a lock-core region lock, whose hold has a shared region and tells whether it
 * followed a holder that died holding the lock. With {@code protocol: native} (the default) it is
 * an {@link MmapLock}, whose generation is the fencing token; with {@code protocol: python} a
 * {@link PythonMmapLock}, shared with the Python tool's scripts, which counts no generation.
 */
final class MmapLockProvider extends LocalLockProvider {

    private static final int KEYED_LOCKS_CACHED = 1024;

    // Each key keeps a file and region of its own: keys that shared a region would see each
    // other's data. Meant for small sets of keys (windows, devices), not for order ids.
    private final Map<Path, InterProcessLock> keyed = recentlyUsed(KEYED_LOCKS_CACHED);

    @Override
    public LockType type() {
        return LockType.MMAP;
    }

    @Override
    InterProcessLock keyed(DeclaredLock declaration, String key) {
        Path file = declaration.keyFolder().resolve(KeyFileNames.of(key));
        InterProcessLock lock = keyed.get(file);
        if (lock == null) {
            lock = open(declaration, file);
            keyed.put(file, lock);
        }
        return lock;
    }

    @Override
    InterProcessLock open(DeclaredLock declaration, Path file) {
        return switch (declaration.protocol()) {
            case NATIVE -> MmapLock.of(file, declaration.length(), new MmapLock.Options(declaration.forceOnRelease()));
            case PYTHON -> PythonMmapLock.of(file, declaration.length(),
                    PythonMmapLock.Options.defaults().withForceOnRelease(declaration.forceOnRelease()));
        };
    }

    @Override
    LockStatus status(InterProcessLock lock) {
        if (lock instanceof PythonMmapLock python) {
            Optional<LockOwner> owner = python.owner();
            return new LockStatus(owner.isPresent(), owner.orElse(null), python.flagSet(), null, Map.of());
        }
        MmapLockState state = ((MmapLock) lock).state();
        return new LockStatus(state.owner().isPresent(), state.owner().orElse(null), state.held(), state.generation(),
                Map.of());
    }

    @Override
    LocalHold hold(LocalLock lock, InterProcessLock core) {
        return new MmapHold(lock, core);
    }

    private static final class MmapHold extends LocalHold {

        MmapHold(LocalLock lock, InterProcessLock core) {
            super(lock, core);
        }

        // Read from the lock when asked, not when acquired: most holds never ask.
        private SharedRegion sharedRegion() {
            return ((RegionLock) core()).region();
        }

        @Override
        public Optional<SharedRegion> region() {
            return Optional.of(sharedRegion());
        }

        @Override
        public boolean recoveredFromCrash() {
            return sharedRegion().recoveredFromCrash();
        }

        @Override
        public OptionalLong fencingToken() {
            return core() instanceof MmapLock ? OptionalLong.of(sharedRegion().generation()) : OptionalLong.empty();
        }
    }
}
