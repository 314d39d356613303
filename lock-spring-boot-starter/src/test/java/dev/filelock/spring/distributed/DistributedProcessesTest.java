package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.filelock.core.ChildJvm;
import dev.filelock.core.LockLostException;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.TestServers;

/**
 * Real JVMs with different lock directories (standing in for two machines) on one {@code redis} or
 * {@code jdbc} lock: exclusion with exact counts, a lease kept over several periods, and a holder
 * stopped past its lease that loses the lock to the other and is told.
 */
class DistributedProcessesTest {

    private static final int INCREMENTS = 150;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "redis", "jdbc" })
    void twoJvmsWithDifferentLockDirectoriesLoseNoUpdate(String type) throws Exception {
        Path counter = dir.resolve("counter");
        String namespace = "test-" + UUID.randomUUID();
        try (ChildJvm first = worker(type, namespace, "machine-1", "30s");
             ChildJvm second = worker(type, namespace, "machine-2", "30s")) {
            first.awaitLine("READY");
            second.awaitLine("READY");
            first.send("increment " + INCREMENTS + " " + counter);
            second.send("increment " + INCREMENTS + " " + counter);
            first.awaitLine("DONE");
            second.awaitLine("DONE");
            assertThat(Long.parseLong(Files.readString(counter))).isEqualTo(2L * INCREMENTS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "redis", "jdbc" })
    void aMethodRunningSeveralLeasesKeepsItsLock(String type) {
        String namespace = "test-" + UUID.randomUUID();
        try (ChildJvm holder = worker(type, namespace, "machine-1", "1s");
             ChildJvm other = worker(type, namespace, "machine-2", "1s")) {
            holder.awaitLine("READY");
            other.awaitLine("READY");
            holder.send("hold");
            holder.awaitLine("HELD");
            other.send("hold");

            // Four lease periods: without renewal the other would have taken the lock after one.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
                    .until(() -> !other.output().contains("HELD"));

            holder.send("finish");
            assertThat(holder.awaitLine("RESULT")).isEqualTo("RESULT ok");
            other.awaitLine("HELD");
            other.send("finish");
            assertThat(other.awaitLine("RESULT")).isEqualTo("RESULT ok");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "redis", "jdbc" })
    void aHolderStoppedPastItsLeaseLosesTheLockAndItsCallEndsWithLockLostException(String type) throws Exception {
        String namespace = "test-" + UUID.randomUUID();
        try (ChildJvm paused = worker(type, namespace, "machine-1", "2s");
             ChildJvm next = worker(type, namespace, "machine-2", "2s")) {
            paused.awaitLine("READY");
            next.awaitLine("READY");
            paused.send("hold");
            long pausedToken = token(paused.awaitLine("HELD"));
            signal("STOP", paused.pid());
            try {
                // What a lease means: once it runs out, another process gets the lock.
                next.send("hold");
                long nextToken = token(next.awaitLine("HELD"));
                assertThat(nextToken).isGreaterThan(pausedToken);
                next.send("finish");
                assertThat(next.awaitLine("RESULT")).isEqualTo("RESULT ok");
            } finally {
                signal("CONT", paused.pid());
            }
            paused.send("finish");
            assertThat(paused.awaitLine("RESULT")).startsWith("RESULT " + LockLostException.class.getName())
                    .contains("'shared'");
            paused.send("lost");
            assertThat(paused.awaitLine("LOST")).isEqualTo("LOST 1");
        }
    }

    /**
     * The holder's own clock decides: paused past its lease with nobody else asking for the lock, the
     * engine still has its row or key (jdbc) or none at all (redis), yet the hold is reported lost the
     * moment the process runs again, before its method ends, and counted once.
     */
    @ParameterizedTest
    @ValueSource(strings = { "redis", "jdbc" })
    void aHolderPausedPastItsLeaseWithNobodyAskingIsToldTheMomentItResumes(String type) throws Exception {
        String namespace = "test-" + UUID.randomUUID();
        try (ChildJvm paused = worker(type, namespace, "machine-1", "2s")) {
            paused.awaitLine("READY");
            paused.send("hold");
            paused.awaitLine("HELD");
            signal("STOP", paused.pid());
            try {
                // The fault itself: a pause of three leases, during which nothing of the holder runs.
                Thread.sleep(6_000);
            } finally {
                signal("CONT", paused.pid());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> paused.output().contains("was lost while"));
            assertThat(paused.output()).as("reported while the method still runs, before it was told to finish")
                    .contains("ERROR").contains("Lock 'shared'").contains("ran out on this JVM's clock")
                    .doesNotContain("RESULT");

            paused.send("finish");
            assertThat(paused.awaitLine("RESULT")).startsWith("RESULT " + LockLostException.class.getName())
                    .contains("'shared'");
            paused.send("lost");
            assertThat(paused.awaitLine("LOST")).as("counted once, not again by the release").isEqualTo("LOST 1");
        }
    }

    private ChildJvm worker(String type, String namespace, String machine, String lease) {
        List<String> args = new ArrayList<>(List.of(
                "--file-lock.directory=" + dir.resolve(machine),
                "--file-lock.locks.shared.type=" + type,
                "--file-lock.locks.shared.lease=" + lease,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        if (type.equals("redis")) {
            args.add("--spring.data.redis.url=" + TestServers.redis().url());
            args.add("--file-lock.redis.key-prefix=" + namespace);
        } else {
            Database database = TestServers.database();
            args.add("--spring.datasource.url=" + database.url());
            args.add("--spring.datasource.username=" + database.user());
            args.add("--spring.datasource.password=" + database.password());
            args.add("--file-lock.jdbc.region=" + namespace);
            args.add("--file-lock.jdbc.initialize-schema=always");
        }
        return ChildJvm.java(DistributedWorker.class, args.toArray());
    }

    private static long token(String heldLine) {
        return Long.parseLong(heldLine.substring("HELD ".length()).trim());
    }

    private static void signal(String signal, long pid) throws Exception {
        try (ChildJvm kill = ChildJvm.command(List.of("kill", "-" + signal, Long.toString(pid)))) {
            kill.awaitSuccess();
        }
    }
}
