package dev.filelock.bench.spring;

import org.springframework.aop.Advisor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The smallest Spring Boot application with the starter: one {@link LockedService}, and the beans
 * of the no-op advice baselines ({@link NoOpAdvice}). No data source (the module has JDBC on its
 * class path for {@link DistributedRoundTripBenchmark}, which sets one).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = BenchmarkApplication.DATA_SOURCE_AUTO_CONFIGURATION)
public class BenchmarkApplication {

    /** Excluded where no data source is set: JDBC is on the class path, no embedded database is. */
    static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    @Bean
    public LockedService lockedService() {
        return new LockedService();
    }

    @Bean
    public NoOpAdvice.AroundAspect noOpAroundAspect() {
        return new NoOpAdvice.AroundAspect();
    }

    @Bean
    public static Advisor noOpInterceptor() {
        return NoOpAdvice.interceptor();
    }

    @Bean
    public NoOpAdvice.AroundService aroundService() {
        return new NoOpAdvice.AroundService();
    }

    @Bean
    public NoOpAdvice.InterceptedService interceptedService() {
        return new NoOpAdvice.InterceptedService();
    }
}
