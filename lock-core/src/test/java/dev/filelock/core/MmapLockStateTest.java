package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading who holds an mmap lock, without locking, when a process left its slot half-written. */
class MmapLockStateTest {

    @TempDir
    Path dir;

    @Test
    void aSlotLeftMidWriteIsReportedAsAnUnknownOwnerAndRepairedByItsNextWrite() throws Exception {
        Path file = dir.resolve("torn.mmap");
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        MappedByteBuffer raw = map(file);
        int sequenceAt;
        lock.lock();
        try {
            int slot = MmapLayout.slotOf(raw.getLong(MmapLayout.LOCK_WORD_AT));
            sequenceAt = MmapLayout.slotAt(slot) + MmapLayout.SLOT_SEQUENCE;
            // As if the process had died (or been stopped) in the middle of rewriting its slot.
            raw.putLong(sequenceAt, raw.getLong(sequenceAt) + 1);
            assertThat(lock.owner()).contains(LockOwner.unknown());
            assertThat(lock.state().held()).isTrue();
        } finally {
            lock.unlock();
        }
        Optional<LockOwner> next = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().setName("next-holder");
            lock.lock();
            try {
                return lock.owner();
            } finally {
                lock.unlock();
            }
        }).get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).get().extracting(LockOwner::thread).isEqualTo("next-holder");
        assertThat(raw.getLong(sequenceAt) % 2).as("the sequence is even again").isZero();
    }

    @Test
    void aSinceStampedByAnObserverThatRacedAReleaseIsNotReportedForTheNextHold() throws Exception {
        Path file = dir.resolve("since.mmap");
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        MappedByteBuffer raw = map(file);
        lock.lock();
        lock.unlock();
        // As if an observer had seen that hold just before its release and stamped "since" just after.
        Instant stale = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        raw.putLong(MmapLayout.SINCE_AT, stale.toEpochMilli());
        lock.lock();
        try {
            assertThat(lock.owner()).get().extracting(LockOwner::since).isNotEqualTo(stale);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void closingAHeldLockClearsTheStateFlagWithTheLockWord() throws Exception {
        Path file = dir.resolve("closed.mmap");
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        MappedByteBuffer raw = map(file);
        lock.lock();
        assertThat(raw.get(MmapLayout.STATE_FLAG_AT)).isEqualTo(MmapLayout.HELD);
        // What the Cleaner does once a lock that is still held becomes unreachable.
        lock.processLock.close();
        assertThat(raw.getLong(MmapLayout.LOCK_WORD_AT)).isZero();
        assertThat(raw.get(MmapLayout.STATE_FLAG_AT)).as("the state flag").isEqualTo(MmapLayout.FREE);
    }

    private static MappedByteBuffer map(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer raw = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            raw.order(ByteOrder.nativeOrder());
            return raw;
        }
    }
}
