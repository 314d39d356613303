package dev.filelock.bench.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The smallest Spring Boot application with the starter: one {@link LockedService}. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

    @Bean
    public LockedService lockedService() {
        return new LockedService();
    }
}
