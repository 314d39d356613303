package dev.filelock.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;

/** A locked call that times out in a web request answers with a problem response, not a 500. */
class LockTimeoutProblemsTest {

    @TempDir
    Path directory;

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FileLockAutoConfiguration.class, FileLockWebAutoConfiguration.class));

    @Test
    void aServletApplicationGetsTheProblemHandler() {
        servlet.withPropertyValues("file-lock.directory=" + directory)
                .run(context -> assertThat(context).hasSingleBean(LockTimeoutProblems.class));
    }

    @Test
    void anApplicationWithoutTheWebGetsNone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FileLockAutoConfiguration.class, FileLockWebAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + directory)
                .run(context -> assertThat(context).doesNotHaveBean(LockTimeoutProblems.class));
    }

    @Test
    void thePropertySwitchesItOff() {
        servlet.withPropertyValues("file-lock.directory=" + directory, "file-lock.web.problem-details.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LockTimeoutProblems.class));
    }

    @Test
    void aSpringMvcRequestWhoseLockIsHeldGets409WithTheLockAndItsHolder() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MvcApp.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1", "file-lock.directory=" + directory,
                        "file-lock.locks.orders.timeout=0")
                .run();
                HeldElsewhere held = new HeldElsewhere(app.getBean(FileLocks.class), "orders", "42")) {
            String port = app.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/42")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(response.body())
                    .contains("\"type\":\"urn:file-lock:problem:lock-timeout\"", "\"status\":409",
                            "\"lock\":\"orders\"", "\"key\":\"42\"", "\"waited\":\"PT0S\"",
                            "\"holder\":\"pid " + ProcessHandle.current().pid(), "holder-thread")
                    .doesNotContain(directory.toString());
        }
    }

    @Test
    void aFreeLockAnswersNormally() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MvcApp.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1", "file-lock.directory=" + directory,
                        "file-lock.locks.orders.type=file")
                .run()) {
            String port = app.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/7")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("settled 7");
        }
    }

    @Test
    void aWebFluxRequestGetsTheConfiguredStatus() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class,
                        FileLockWebAutoConfiguration.class))
                .withUserConfiguration(FluxApp.class)
                .withPropertyValues("file-lock.directory=" + directory, "file-lock.locks.orders.timeout=0",
                        "file-lock.web.problem-details.status=503")
                .run(context -> {
                    try (HeldElsewhere held = new HeldElsewhere(context.getBean(FileLocks.class), "orders", "42")) {
                        WebTestClient.bindToApplicationContext(context).build()
                                .get().uri("/orders/42").exchange()
                                .expectStatus().isEqualTo(503)
                                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                .expectBody()
                                .jsonPath("$.lock").isEqualTo("orders")
                                .jsonPath("$.key").isEqualTo("42")
                                .jsonPath("$.title").isEqualTo("Lock not acquired");
                    }
                });
    }

    @RestController
    public static class OrdersController {
        private final Orders orders;

        public OrdersController(Orders orders) {
            this.orders = orders;
        }

        @GetMapping("/orders/{id}")
        public String settle(@PathVariable("id") String id) {
            return orders.settle(id);
        }
    }

    public static class Orders {
        @FileLocked(name = "orders", key = "#id")
        public String settle(String id) {
            return "settled " + id;
        }
    }

    /** The locked service and its controller, as both web stacks serve them. */
    @Configuration(proxyBeanMethods = false)
    static class OrdersBeans {
        @Bean
        Orders orders() {
            return new Orders();
        }

        @Bean
        OrdersController ordersController(Orders orders) {
            return new OrdersController(orders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrdersBeans.class)
    @EnableAutoConfiguration(excludeName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
    static class MvcApp {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    @Import(OrdersBeans.class)
    static class FluxApp {
    }
}
