package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.filelock.core.LockException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.testservers.OwnRedis;
import dev.filelock.testservers.TestServers;

/**
 * A primary and a replica of this test's own; failover = the primary stopped and the replica
 * promoted ({@code REPLICAOF NO ONE}), with a process on each side. With
 * {@code file-lock.redis.wait-replicas: 1} there is never a second holder: an acquisition the replica
 * received survives the failover, one it did not receive (a lagging replica, here one detached
 * before) fails and is released. Without it, the lagging replica hands the lock out twice.
 */
class RedisReplicationTest {

    @TempDir
    Path dir;

    @Test
    void withWaitReplicasALockTheReplicaReceivedSurvivesTheFailover() {
        failover(1, false, (first, promoted) -> {
            LockHold held = first.lock("shared").acquire(Duration.ofSeconds(5));
            return () -> {
                assertThat(promoted.lock("shared").tryAcquire(Duration.ofSeconds(1))).as("a second holder").isEmpty();
                releaseOnStoppedPrimary(held);
            };
        });
    }

    @Test
    void withWaitReplicasAnAcquisitionALaggingReplicaMissedFailsAndIsReleased() {
        failover(1, true, (first, promoted) -> {
            assertThatThrownBy(() -> first.lock("shared").acquire(Duration.ofSeconds(5)))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("reached 0 of the 1 replicas asked for (file-lock.redis.wait-replicas)")
                    .hasMessageContaining("released, the guarded code did not run");
            assertThat(first.lock("shared").status().held()).as("released on the primary").isFalse();
            return () -> assertThat(promoted.lock("shared").status().held())
                    .as("free on the promoted replica, and the first process holds nothing: one holder at most").isFalse();
        });
    }

    @Test
    void withoutWaitReplicasALaggingReplicaHandsTheLockOutTwice() {
        failover(0, true, (first, promoted) -> {
            LockHold held = first.lock("shared").acquire(Duration.ofSeconds(5));
            return () -> {
                Optional<LockHold> second = promoted.lock("shared").tryAcquire(Duration.ofSeconds(1));
                assertThat(second).as("the negative control: a second holder").isPresent();
                second.get().close();
                releaseOnStoppedPrimary(held);
            };
        });
    }

    interface Scenario {
        /** Acts on the primary before the failover; returns what to check on the promoted replica. */
        Check beforeFailover(FileLocks first, FileLocks promoted) throws Exception;
    }

    interface Check {
        void afterFailover() throws Exception;
    }

    private void failover(int waitReplicas, boolean replicaLags, Scenario scenario) {
        OwnRedis primary = TestServers.ownRedis();
        OwnRedis replica = TestServers.ownRedisReplicaOf(primary.address());
        try {
            app(primary, waitReplicas).run(firstContext -> app(replica, waitReplicas).run(replicaContext -> {
                StringRedisTemplate replicaServer = new StringRedisTemplate(replicaContext.getBean(RedisConnectionFactory.class));
                await().atMost(Duration.ofSeconds(30)).until(() -> linkUp(replicaServer));
                if (replicaLags) {
                    promote(replicaServer);
                }
                Check check = scenario.beforeFailover(firstContext.getBean(FileLocks.class), replicaContext.getBean(FileLocks.class));
                primary.stop();
                promote(replicaServer);
                check.afterFailover();
            }));
        } finally {
            replica.stop();
            primary.stop();
        }
    }

    private ApplicationContextRunner app(OwnRedis redis, int waitReplicas) {
        return new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withPropertyValues(
                "spring.data.redis.url=" + redis.address().url(),
                "spring.data.redis.timeout=2s",
                "file-lock.directory=" + dir.resolve(String.valueOf(redis.address().port())),
                "file-lock.redis.key-prefix=replicated",
                "file-lock.redis.wait-replicas=" + waitReplicas,
                "file-lock.locks.shared.type=redis",
                "file-lock.locks.shared.lease=30s");
    }

    private static void releaseOnStoppedPrimary(LockHold held) {
        try {
            held.close();
        } catch (RuntimeException lost) {
            // The stopped primary cannot release it: its holder is told, as it should be.
        }
    }

    private static void promote(StringRedisTemplate server) {
        server.execute((RedisCallback<Object>) connection -> {
            connection.serverCommands().replicaOfNoOne();
            return null;
        });
    }

    private static boolean linkUp(StringRedisTemplate server) {
        return "up".equals(server.execute((RedisCallback<String>) connection ->
                connection.serverCommands().info("replication").getProperty("master_link_status")));
    }
}
