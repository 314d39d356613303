package dev.filelock.bench.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The smallest Spring Boot application with the starter: one {@link LockedService}. No data source
 * (the module has JDBC on its class path for {@link DistributedRoundTripBenchmark}, which sets one).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class BenchmarkApplication {

    @Bean
    public LockedService lockedService() {
        return new LockedService();
    }
}
