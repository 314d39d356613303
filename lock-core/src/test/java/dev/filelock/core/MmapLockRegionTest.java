package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared region within one JVM: who may use it, its bounds, strings, generation, hooks. */
class MmapLockRegionTest {

    private static final int LENGTH = 64;

    @TempDir
    Path dir;

    private MmapLock newLock() {
        return MmapLock.of(dir.resolve("region.mmap"), LENGTH);
    }

    @Test
    void valuesWrittenUnderTheLockAreReadBackByTheNextHolder() throws Exception {
        MmapLock lock = newLock();
        try (HeldLock held = lock.acquire(Duration.ZERO)) {
            SharedRegion region = lock.region();
            assertThat(region.length()).isEqualTo(LENGTH);
            region.putByte(0, (byte) 7);
            region.putInt(4, 123_456);
            region.putLong(8, Long.MIN_VALUE);
            region.putBytes(16, new byte[] {1, 2, 3});
        }
        CompletableFuture.runAsync(() -> {
            try (HeldLock held = lock.acquire(Duration.ofSeconds(5))) {
                SharedRegion region = lock.region();
                assertThat(region.getByte(0)).isEqualTo((byte) 7);
                assertThat(region.getInt(4)).isEqualTo(123_456);
                assertThat(region.getLong(8)).isEqualTo(Long.MIN_VALUE);
                assertThat(region.getBytes(16, 3)).containsExactly(1, 2, 3);
            }
        }).get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void stringsAreLengthPrefixedUtf8AndAnUnwrittenRegionReadsEmpty() {
        MmapLock lock = newLock();
        try (HeldLock held = lock.acquire(Duration.ZERO)) {
            SharedRegion region = lock.region();
            assertThat(region.getString(0)).isEmpty();
            region.putString(0, "{\"window\":\"Größe ✓\"}");
            assertThat(region.getString(0)).isEqualTo("{\"window\":\"Größe ✓\"}");
            assertThat(region.getInt(0)).isEqualTo("{\"window\":\"Größe ✓\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertThatThrownBy(() -> region.putString(0, "x".repeat(LENGTH - 3)))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("outside the region");
            region.putInt(32, 1000);
            assertThatThrownBy(() -> region.getString(32))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("length prefix is 1000");
        }
    }

    @Test
    void accessOutsideTheRegionThrowsIndexOutOfBounds() {
        MmapLock lock = newLock();
        try (HeldLock held = lock.acquire(Duration.ZERO)) {
            SharedRegion region = lock.region();
            assertThatThrownBy(() -> region.getByte(-1)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("Offset -1");
            assertThatThrownBy(() -> region.putLong(LENGTH - 7, 1)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("[0, 64)");
            assertThatThrownBy(() -> region.getInt(LENGTH)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> region.getBytes(60, 5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> region.getBytes(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> region.putBytes(Integer.MAX_VALUE, new byte[1]))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            region.putLong(LENGTH - 8, 42);
            assertThat(region.getLong(LENGTH - 8)).isEqualTo(42);
        }
    }

    @Test
    void onlyTheHoldingThreadMayUseTheRegion() throws Exception {
        MmapLock lock = newLock();
        SharedRegion region = lock.region();
        assertThatThrownBy(() -> region.getLong(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold mmap lock");
        lock.lock();
        try {
            Throwable fromOther = CompletableFuture.supplyAsync(() -> {
                try {
                    region.putLong(0, 1);
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(fromOther).isInstanceOf(IllegalStateException.class);
            region.putLong(0, 2);
        } finally {
            lock.unlock();
        }
        assertThatThrownBy(region::generation).as("a former holder").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyAcquisitionRaisesTheGenerationByOneAndTheStateShowsIt() {
        MmapLock lock = newLock();
        long before = lock.state().generation();
        for (int i = 1; i <= 3; i++) {
            try (HeldLock held = lock.acquire(Duration.ZERO)) {
                assertThat(lock.region().generation()).isEqualTo(before + i);
                HeldLock again = lock.acquire(Duration.ZERO);
                again.close();
                assertThat(lock.region().generation()).as("reentry is not an acquisition").isEqualTo(before + i);
                MmapLockState state = lock.state();
                assertThat(state.held()).isTrue();
                assertThat(state.generation()).isEqualTo(before + i);
                assertThat(state.owner()).get().extracting(LockOwner::thread).isEqualTo(Thread.currentThread().getName());
            }
        }
        assertThat(lock.state().held()).isFalse();
        assertThat(lock.state().generation()).isEqualTo(before + 3);
    }

    @Test
    void callRunsThePrefixTheBodyAndTheSuffixUnderTheLock() throws Exception {
        MmapLock lock = newLock();
        List<String> calls = new ArrayList<>();
        String result = lock.call(Duration.ofSeconds(5), region -> {
            calls.add("prefix held=" + lock.isHeldByCurrentThread());
            region.putString(0, "busy");
        }, () -> {
            calls.add("body");
            return "done";
        }, region -> calls.add("suffix saw " + region.getString(0)));
        assertThat(result).isEqualTo("done");
        assertThat(calls).containsExactly("prefix held=true", "body", "suffix saw busy");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void aFailingBodyStillRunsTheSuffixReleasesAndIsNotHidden() {
        MmapLock lock = newLock();
        List<String> calls = new ArrayList<>();
        IOException bodyFailure = new IOException("body failed");
        assertThatThrownBy(() -> lock.call(Duration.ofSeconds(5), null, () -> {
            throw bodyFailure;
        }, region -> {
            calls.add("suffix");
            throw new IllegalStateException("suffix failed too");
        })).isSameAs(bodyFailure)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .extracting(Throwable::getMessage).isEqualTo("suffix failed too"));
        assertThat(calls).containsExactly("suffix");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(lock.tryLock()).as("released").isTrue();
        lock.unlock();
    }

    @Test
    void aFailingPrefixSkipsTheBodyAndReleases() {
        MmapLock lock = newLock();
        List<String> calls = new ArrayList<>();
        assertThatThrownBy(() -> lock.call(Duration.ofSeconds(5), region -> {
            throw new IllegalStateException("prefix failed");
        }, () -> calls.add("body"), region -> calls.add("suffix")))
                .hasMessage("prefix failed");
        assertThat(calls).isEmpty();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(lock.state().held()).isFalse();
    }

    @Test
    void withoutForceOnReleaseTheRegionStillReachesTheNextHolder() throws Exception {
        MmapLock lock = MmapLock.of(dir.resolve("noforce.mmap"), LENGTH,
                MmapLock.Options.defaults().withForceOnRelease(false));
        assertThat(lock.options().forceOnRelease()).isFalse();
        lock.call(Duration.ZERO, RegionHook.NONE, () -> {
            lock.region().putLong(0, 99);
            return null;
        }, RegionHook.NONE);
        long read = CompletableFuture.supplyAsync(() -> {
            try {
                return lock.call(Duration.ofSeconds(5), null, () -> lock.region().getLong(0), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(read).isEqualTo(99);
    }
}
