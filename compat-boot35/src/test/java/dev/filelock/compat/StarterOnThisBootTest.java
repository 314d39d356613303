package dev.filelock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import dev.filelock.core.ChildJvm;
import dev.filelock.core.LockWorker;

/**
 * The starter in a web application on the Spring Boot generation this module's BOM selects,
 * configured as the README says, observed over HTTP as a user would.
 */
@SpringBootTest(classes = CompatApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "file-lock.locks.counter.type=file",
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
