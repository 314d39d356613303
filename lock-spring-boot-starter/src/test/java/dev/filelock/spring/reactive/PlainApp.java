package dev.filelock.spring.reactive;

import java.util.concurrent.CompletableFuture;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;

/**
 * An application without Reactor or Kotlin, in a child JVM: calls a synchronous and a
 * CompletableFuture {@code @FileLocked} method and prints {@code CALLED <results>}. Argument: the
 * lock directory.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({AopAutoConfiguration.class, FileLockAutoConfiguration.class})
public class PlainApp {

    @Bean
    Jobs jobs() {
        return new Jobs();
    }

    public static class Jobs {
        @FileLocked("jobs")
        public String now() {
            return "now";
        }

        @FileLocked("jobs")
        public CompletableFuture<String> later() {
            return CompletableFuture.supplyAsync(() -> "later");
        }
    }

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlainApp.class)
                .web(WebApplicationType.NONE)
                .properties("file-lock.directory=" + args[0], "file-lock.locks.jobs.type=file")
                .run()) {
            Jobs jobs = context.getBean(Jobs.class);
            System.out.println("CALLED " + jobs.now() + " " + jobs.later().join());
        }
    }
}
