package dev.filelock.spring.distributed;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application with every auto-configuration and one {@link Guarded} bean. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class GuardedApp {

    @Bean
    Guarded guarded() {
        return new Guarded();
    }
}
