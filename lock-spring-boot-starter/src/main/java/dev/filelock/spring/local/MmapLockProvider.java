package dev.filelock.spring.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.LockException;
import dev.filelock.core.LockOwner;
import dev.filelock.core.MmapLock;
import dev.filelock.core.MmapLockState;
import dev.filelock.core.PythonMmapLock;
import dev.filelock.core.RegionLock;
import dev.filelock.core.SharedRegion;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.LockType;
import dev.filelock.spring.MmapProtocol;

/**
 * {@code type: mmap}: a lock-core region lock, whose hold has a shared region and tells whether it
 * followed a holder that died holding the lock. With {@code protocol: native} (the default) it is
 * an {@link MmapLock}, whose generation is the fencing token; with {@code protocol: python} a
 * {@link PythonMmapLock}, shared with the Python tool's scripts, which counts no generation.
 */
final class MmapLockProvider extends LocalLockProvider {

    private static final int KEYED_LOCKS_CACHED = 1024;

    // Each key keeps a file and region of its own: keys that shared a region would see each
    // other's data. Meant for small sets of keys (windows, devices), not for order ids, so the
    // key folder is capped at the declaration's maxKeys (refuseNewKey).
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
            if (!Files.exists(file)) {
                refuseNewKey(declaration, key);
            }
            lock = open(declaration, file);
            keyed.put(file, lock);
        }
        return lock;
    }

    /**
     * Refuses {@code key}, which has no file yet, when the key folder already holds
     * {@link DeclaredLock#maxKeys()} key files. Counted on disk, as other processes add keys too;
     * two processes adding keys at the same moment may each pass the count, so the cap can be
     * overshot by as many.
     */
    private static void refuseNewKey(DeclaredLock declaration, String key) {
        Path folder = declaration.keyFolder();
        long count = keyFiles(declaration);
        if (count >= declaration.maxKeys()) {
            throw new LockException("Lock '" + declaration.name() + "' refuses key '" + key + "': its key folder " + folder
                    + " already holds " + count + " key files (max-keys: " + declaration.maxKeys()
                    + "). An mmap lock keeps a file and a region of " + declaration.length() + " bytes for every key it has"
                    + " seen, for ever, so a key with unbounded values (an order id) would fill the disk. Use type: file"
                    + " if the key needs no region (its keys share " + KeyStripes.COUNT + " files), or raise"
                    + " file-lock.locks." + declaration.name() + ".max-keys if the lock really has that many keys");
        }
    }

    /** The key files in the declaration's key folder, up to one more than its cap. */
    private static long keyFiles(DeclaredLock declaration) {
        Path folder = declaration.keyFolder();
        try (Stream<Path> files = Files.list(folder)) {
            if (declaration.protocol() == MmapProtocol.NATIVE) {
                return files.limit(declaration.maxKeys() + 1L).count();
            }
            // A Python-protocol key has two files: its region and the region's <name>.lock.
            Set<String> names = files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
            return names.stream().filter(name -> names.contains(name + ".lock")).count();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new LockException("Lock '" + declaration.name() + "' cannot count the key files in " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); make the folder readable by this user", e);
        }
    }

    @Override
    InterProcessLock open(DeclaredLock declaration, Path file) {
        return switch (declaration.protocol()) {
            case NATIVE -> MmapLock.of(file, declaration.length(),
                    new MmapLock.Options(declaration.forceOnRelease(), declaration.sharing()));
            case PYTHON -> PythonMmapLock.of(file, declaration.length(), PythonMmapLock.Options.defaults()
                    .withForceOnRelease(declaration.forceOnRelease()).withSharing(declaration.sharing()));
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
