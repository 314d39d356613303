package dev.filelock.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.filelock.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code web} profile over real HTTP: the locked jobs and the actuator. */
class WebModeTest {

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theJobsRunUnderTheLocksAndTheActuatorListsThem() throws Exception {
        try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
                "--spring.profiles.active=web", "--server.port=0", "--file-lock.directory=" + dir)) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");

            assertThat(post(base + "/jobs/report?hold=0s")).contains("\"count\":1");
            assertThat(post(base + "/jobs/report?hold=0s")).contains("\"count\":2");
            assertThat(post(base + "/jobs/type?hold=0s")).contains("\"ran\":true");
            assertThat(post(base + "/jobs/switch?title=editor")).contains("\"switches\":1", "\"writes\":1");
            assertThat(post(base + "/jobs/script?tab=a")).contains("in tab a");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/report?hold=2h"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("hold must be between 0s and 1m, not 2h");
            assertThat(get(base + "/actuator/health")).contains("\"status\":\"UP\"");
            assertThat(get(base + "/actuator/filelocks"))
                    .contains("switch-window", "mouse-move", "test-write", "input", "js-execute", "report");
        }
    }

    private String post(String uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String get(String uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(uri)).GET().build());
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(request.uri() + " answered " + response.body()).isEqualTo(200);
        return response.body();
    }
}
