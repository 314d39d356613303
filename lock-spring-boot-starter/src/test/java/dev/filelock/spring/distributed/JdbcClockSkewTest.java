package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.filelock.core.ChildJvm;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.TestServers;

/**
 * Two JVMs on one {@code jdbc} lock, one of them 120 s ahead (Debian's {@code faketime} on its
 * JVM): expiries and takeovers are judged by the database's clock, so the skewed instance neither
 * takes the other's live, renewed lock nor loses an update; with Spring Integration's repository,
 * which judges them by each JVM's clock, it takes the lock at once (the negative control).
 */
class JdbcClockSkewTest {

    private static final int INCREMENTS = 100;

    @TempDir
    Path dir;

    @Test
    void anInstanceWhoseClockIs120SecondsAheadNeverTakesALiveLockNorLosesAnUpdate() throws Exception {
        String region = "skew-" + UUID.randomUUID();
        try (ChildJvm onTime = worker(region, "machine-1", false, false);
             ChildJvm ahead = worker(region, "machine-2", true, false)) {
            onTime.awaitLine("READY");
            ahead.awaitLine("READY");
            assertSkewed(onTime, ahead);

            onTime.send("hold");
            onTime.awaitLine("HELD");
            ahead.send("hold");
            // Three leases of 1 s, renewed by the holder: a client-clock expiry would have let it in at once.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> !ahead.output().contains("HELD"));
            onTime.send("finish");
            assertThat(onTime.awaitLine("RESULT")).isEqualTo("RESULT ok");
            ahead.awaitLine("HELD");
            ahead.send("finish");
            assertThat(ahead.awaitLine("RESULT")).isEqualTo("RESULT ok");

            Path counter = dir.resolve("counter");
            onTime.send("increment " + INCREMENTS + " " + counter);
            ahead.send("increment " + INCREMENTS + " " + counter);
            onTime.awaitLine("DONE");
            ahead.awaitLine("DONE");
            assertThat(Long.parseLong(Files.readString(counter))).isEqualTo(2L * INCREMENTS);
        }
    }

    @Test
    void withTheJvmClocksOfSpringIntegrationsRepositoryTheSkewedInstanceTakesTheLiveLock() throws Exception {
        String region = "skew-" + UUID.randomUUID();
        try (ChildJvm onTime = worker(region, "machine-1", false, true);
             ChildJvm ahead = worker(region, "machine-2", true, true)) {
            onTime.awaitLine("READY");
            ahead.awaitLine("READY");
            assertSkewed(onTime, ahead);
            onTime.send("hold");
            onTime.awaitLine("HELD");
            ahead.send("hold");
            assertThat(ahead.awaitLine("HELD", Duration.ofSeconds(20))).as("two holders at once").startsWith("HELD");
            onTime.send("finish");
            ahead.send("finish");
            onTime.awaitLine("RESULT");
            ahead.awaitLine("RESULT");
        }
    }

    private static void assertSkewed(ChildJvm onTime, ChildJvm ahead) {
        onTime.send("clock");
        long onTimeClock = Long.parseLong(onTime.awaitLine("CLOCK").substring("CLOCK ".length()).trim());
        ahead.send("clock");
        long aheadClock = Long.parseLong(ahead.awaitLine("CLOCK").substring("CLOCK ".length()).trim());
        assertThat(aheadClock - onTimeClock).as("faketime's skew, measured in the JVM").isBetween(110_000L, 130_000L);
    }

    private ChildJvm worker(String region, String machine, boolean ahead, boolean jvmClock) {
        Database database = TestServers.database();
        List<String> command = new ArrayList<>();
        if (ahead) {
            command.addAll(List.of("faketime", "-f", "+120s"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), DistributedWorker.class.getName(),
                "--file-lock.directory=" + dir.resolve(machine),
                "--file-lock.locks.shared.type=jdbc",
                "--file-lock.locks.shared.lease=1s",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--file-lock.jdbc.region=" + region,
                "--file-lock.jdbc.initialize-schema=always",
                "--test.jvm-clock=" + jvmClock));
        return ChildJvm.command(command);
    }
}
