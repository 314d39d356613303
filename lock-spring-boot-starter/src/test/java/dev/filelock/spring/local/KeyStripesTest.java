package dev.filelock.spring.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.filelock.core.LockException;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockType;
import dev.filelock.spring.MmapProtocol;

class KeyStripesTest {

    @TempDir
    Path dir;

    @Test
    void aKeysStripeIsTheCrc32OfItsUtf8BytesModuloTheStripeCountAsPythonComputesIt() {
        // python3 -c "import zlib; print(zlib.crc32(b'42') % 1024, zlib.crc32(b'acme-1') % 1024)" -> 136 1
        assertThat(KeyStripes.of("42")).isEqualTo(136);
        assertThat(KeyStripes.of("acme-1")).isEqualTo(1);
        assertThat(KeyStripes.fileName(1)).isEqualTo("0001");
    }

    @Test
    void twentyThousandDistinctKeysOfAFileLockLeaveAtMostOneFilePerStripe() throws IOException {
        DeclaredLock orders = new DeclaredLock("orders", LockType.FILE, dir.resolve("orders.lock"), 0, Duration.ZERO,
                null, null, null, true);
        FileLockProvider provider = new FileLockProvider();
        for (int i = 0; i < 20_000; i++) {
            try (LockHold held = provider.lock(orders, "order-" + i).acquire(Duration.ZERO)) {
                assertThat(held.lock().key()).contains("order-" + i);
            }
        }
        try (Stream<Path> files = Files.list(orders.keyFolder())) {
            assertThat(files.count()).isBetween(1000L, (long) KeyStripes.COUNT);
        }
    }

    @Test
    void anMmapLockKeepsAFileAndRegionPerKey() throws IOException {
        DeclaredLock windows = new DeclaredLock("windows", LockType.MMAP, dir.resolve("windows.lock"), 8, Duration.ZERO,
                null, null, null, false);
        MmapLockProvider provider = new MmapLockProvider();
        try (LockHold w1 = provider.lock(windows, "w1").acquire(Duration.ZERO);
                LockHold w2 = provider.lock(windows, "w2").acquire(Duration.ZERO)) {
            w1.region().orElseThrow().putLong(0, 1);
            w2.region().orElseThrow().putLong(0, 2);
            assertThat(w1.region().orElseThrow().getLong(0)).isEqualTo(1);
        }
        try (Stream<Path> files = Files.list(windows.keyFolder())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("w1", "w2");
        }
    }

    @Test
    void aPythonProtocolKeyCountsOnceAgainstMaxKeysThoughItHasTwoFiles() throws IOException {
        DeclaredLock windows = new DeclaredLock("windows", LockType.MMAP, dir.resolve("windows.lock"), 8, Duration.ZERO,
                null, null, null, false, MmapProtocol.PYTHON, 2);
        MmapLockProvider provider = new MmapLockProvider();
        try (LockHold w1 = provider.lock(windows, "w1").acquire(Duration.ZERO);
                LockHold w2 = provider.lock(windows, "w2").acquire(Duration.ZERO)) {
            assertThat(w1.region()).isPresent();
            assertThat(w2.region()).isPresent();
        }
        try (Stream<Path> files = Files.list(windows.keyFolder())) {
            assertThat(files.count()).isEqualTo(4);
        }
        assertThatThrownBy(() -> provider.lock(windows, "w3")).isInstanceOf(LockException.class)
                .hasMessageContaining("already holds 2 key files (max-keys: 2)");
    }
}
