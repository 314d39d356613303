package dev.filelock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.filelock.compat.CompatApplication.Counter;
import dev.filelock.compat.CompatApplication.Orders;
import dev.filelock.compat.CompatApplication.Reports;
import dev.filelock.compat.CompatApplication.Window;
import dev.filelock.core.ChildJvm;
import dev.filelock.core.LockLostException;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.core.LockWorker;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;

/**
 * The starter in a web application on the Spring Boot generation this module's BOM selects,
 * configured as the README says, observed over HTTP as a user would.
 */
@SpringBootTest(classes = CompatApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "file-lock.locks.counter.type=file",
                "file-lock.locks.window.type=mmap",
                "file-lock.locks.window.length=16",
                "file-lock.locks.orders.type=file",
                "file-lock.locks.reports.type=file",
                "management.endpoints.web.exposure.include=health,metrics,filelocks",
                "management.endpoint.health.show-details=always"})
class StarterOnThisBootTest {

    static final int THREADS = 3;
    static final int PER_THREAD = 100;
    static final int BY_CHILD = 300;

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void lockDirectory(DynamicPropertyRegistry registry) {
        registry.add("file-lock.directory", dir::toString);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Counter counter;

    @Autowired
    Window window;

    @Autowired
    Orders orders;

    @Autowired
    Reports reports;

    @Autowired
    FileLocks locks;

    @Test
    void runsOnTheBootGenerationOfThisModule() {
        assertThat(SpringBootVersion.getVersion()).startsWith(System.getProperty("compat.boot"));
    }

    @Test
    void aFileLockedMethodExcludesOtherThreadsAndAnotherJvm() throws Exception {
        Path file = dir.resolve("counter.txt");
        Files.writeString(file, "0");
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (ChildJvm child = ChildJvm.java(LockWorker.class, "count", "flock", dir.resolve("counter.lock"), file,
                BY_CHILD)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        counter.increment(file);
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            child.awaitLine("DONE");
        } finally {
            threads.shutdownNow();
        }
        assertThat(Files.readString(file)).isEqualTo(Integer.toString(THREADS * PER_THREAD + BY_CHILD));
    }

    @Test
    void anMmapLockGivesItsHookTheSharedRegionAndAFencingToken() throws Exception {
        long before;
        try (LockHold held = locks.lock("window").acquire(Duration.ofSeconds(30))) {
            before = held.region().orElseThrow().getLong(0);
        }
        runConcurrently(() -> window.enter());
        try (LockHold held = locks.lock("window").acquire(Duration.ofSeconds(30))) {
            assertThat(held.region().orElseThrow().getLong(0)).isEqualTo(before + THREADS * PER_THREAD);
            assertThat(held.fencingToken()).isNotEmpty();
        }
    }

    @Test
    void aKeyedLockExcludesCallsForOneKeyOnly() throws Exception {
        runConcurrently(() -> {
            orders.add("a");
            orders.add("b");
        });
        assertThat(orders.count("a")).isEqualTo(THREADS * PER_THREAD);
        assertThat(orders.count("b")).isEqualTo(THREADS * PER_THREAD);
        // While this thread holds key "a", another thread gets key "b" at once but not key "a".
        try (LockHold heldA = locks.lock("orders", "a").acquire(Duration.ZERO)) {
            CompletableFuture<Boolean> otherKeyFree = CompletableFuture.supplyAsync(() -> {
                try (LockHold heldB = locks.lock("orders", "b").acquire(Duration.ZERO)) {
                    return true;
                } catch (LockTimeoutException e) {
                    return false;
                }
            });
            CompletableFuture<Boolean> sameKeyFree = CompletableFuture.supplyAsync(() -> {
                try (LockHold again = locks.lock("orders", "a").acquire(Duration.ZERO)) {
                    return true;
                } catch (LockTimeoutException e) {
                    return false;
                }
            });
            assertThat(otherKeyFree.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(sameKeyFree.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void anAsynchronousMethodHoldsItsLockUntilItsWorkCompletes() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> report = reports.report(work);
        assertThat(report).isNotDone();
        assertThat(triedOnce("reports")).as("held while the work runs").isFalse();
        work.complete("done");
        assertThat(report.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("report: done");
        assertThat(triedOnce("reports")).as("released once it completed").isTrue();
    }

    @Test
    void healthIsDownWhileALockFileIsReplacedUnderItsHolder() throws Exception {
        Path file = locks.lock("reports").file().orElseThrow();
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> report = reports.report(work);
        try {
            Path other = Files.createTempFile(file.getParent(), "replacement", ".tmp");
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"reports\":\"lock file " + file + " was replaced by another file");
        } finally {
            work.complete("done");
        }
        assertThatThrownBy(() -> report.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(LockLostException.class);
        assertThat(get("/actuator/health").statusCode()).as("once the lock is on the new file").isEqualTo(200);
    }

    /** Whether this thread gets the lock at once; released again if so. */
    private boolean triedOnce(String name) throws InterruptedException {
        Optional<LockHold> hold = locks.lock(name).tryAcquire(Duration.ZERO);
        hold.ifPresent(LockHold::release);
        return hold.isPresent();
    }

    /** Runs {@code call} {@value #PER_THREAD} times on each of {@value #THREADS} threads at once. */
    private static void runConcurrently(Runnable call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        call.run();
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void healthShowsTheFileLocksComponent() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        // Boot 4's JSON sorts a component's fields, Boot 3's puts "status" first: match either order.
        assertThat(health.body()).containsPattern("\"fileLocks\":\\{(?:[^{}]|\\{[^{}]*\\})*\"status\":\"UP\"")
                .contains("\"directory\":\"" + dir + "\"");
    }

    @Test
    void waitAndHoldTimersAreMetrics() throws Exception {
        Path file = dir.resolve("metered.txt");
        Files.writeString(file, "0");
        counter.increment(file);
        for (String meter : List.of("file.lock.wait", "file.lock.held")) {
            HttpResponse<String> metric = get("/actuator/metrics/" + meter + "?tag=lock:counter");
            assertThat(metric.statusCode()).as(meter).isEqualTo(200);
            assertThat(metric.body()).contains("\"name\":\"" + meter + "\"").contains("\"COUNT\"");
        }
    }

    @Test
    void theFileLocksEndpointAnswers() throws Exception {
        HttpResponse<String> all = get("/actuator/filelocks");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("\"name\":\"counter\"").contains("\"type\":\"FILE\"");
        assertThat(get("/actuator/filelocks/counter").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/filelocks/nope").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(ChildJvm.WAIT).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
