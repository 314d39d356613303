package dev.filelock.spring.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import dev.filelock.core.InterProcessLock;

/** File locks as a Spring Integration LockRegistry: leader election between two initiators, and plain use. */
class FileLockRegistryTest {

    @TempDir
    Path dir;

    @Test
    void twoLeaderInitiatorsOnFileLocksElectOneLeaderAndTheOtherTakesOverWhenItStops() {
        List<String> leaders = new CopyOnWriteArrayList<>();
        AtomicInteger leading = new AtomicInteger();
        LockRegistryLeaderInitiator first = initiator("first", leaders, leading);
        LockRegistryLeaderInitiator second = initiator("second", leaders, leading);
        try {
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> leaders.size() == 1);
            // One leader, and it stays alone over many heart beats.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> leading.get() == 1);

            LockRegistryLeaderInitiator leader = leaders.get(0).equals("first") ? first : second;
            leader.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> leaders.size() == 2);
            assertThat(leaders).containsExactlyInAnyOrder("first", "second");
            assertThat(leading.get()).isOne();
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    void aKeysLockIsAFileOfItsOwnSharedByEveryRegistryOnTheFolder() {
        InterProcessLock lock = FileLockRegistry.files(dir).obtain("orders/42");
        assertThat(lock.path().getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(lock.path().getFileName().toString()).doesNotContain("/");
        assertThat(FileLockRegistry.files(dir).obtain("orders/42")).isSameAs(lock);
        assertThat(FileLockRegistry.mmap(dir.resolve("mmap"), 16).obtain("k").tryLock()).isTrue();
    }

    private LockRegistryLeaderInitiator initiator(String id, List<String> leaders, AtomicInteger leading) {
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(FileLockRegistry.files(dir),
                new DefaultCandidate(id, "leader") {
                    @Override
                    public void onGranted(Context context) {
                        leaders.add(id);
                        leading.incrementAndGet();
                    }

                    @Override
                    public void onRevoked(Context context) {
                        leading.decrementAndGet();
                    }
                });
        initiator.setHeartBeatMillis(100);
        initiator.setBusyWaitMillis(20);
        return initiator;
    }
}
