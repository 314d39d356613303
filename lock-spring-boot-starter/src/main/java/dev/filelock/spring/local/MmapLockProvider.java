package dev.filelock.spring.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.MmapLock;
import dev.filelock.core.MmapLockState;
import dev.filelock.core.SharedRegion;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.LockType;

/**
 * {@code type: mmap}: a lock-core {@link MmapLock}, whose hold has a shared region, tells whether it
 * took over from a dead holder, and has the lock's generation as its fencing token.
 */
final class MmapLockProvider extends LocalLockProvider {

    @Override
    public LockType type() {
        return LockType.MMAP;
    }

    @Override
    InterProcessLock open(DeclaredLock declaration, Path file) {
        return MmapLock.of(file, declaration.length(), new MmapLock.Options(declaration.forceOnRelease()));
    }

    @Override
    LockStatus status(InterProcessLock lock) {
        MmapLockState state = ((MmapLock) lock).state();
        return new LockStatus(state.owner().isPresent(), state.owner().orElse(null), state.held(), state.generation(),
                Map.of());
    }

    @Override
    LocalHold hold(LocalLock lock) {
        return new MmapHold(lock);
    }

    private static final class MmapHold extends LocalHold {

        private final SharedRegion region;

        MmapHold(LocalLock lock) {
            super(lock);
            this.region = ((MmapLock) lock.core()).region();
        }

        @Override
        public Optional<SharedRegion> region() {
            return Optional.of(region);
        }

        @Override
        public boolean recoveredFromCrash() {
            return region.recoveredFromCrash();
        }

        @Override
        public OptionalLong fencingToken() {
            return OptionalLong.of(region.generation());
        }
    }
}
