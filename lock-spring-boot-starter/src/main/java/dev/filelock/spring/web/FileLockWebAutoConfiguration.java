package dev.filelock.spring.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;
import dev.filelock.spring.autoconfigure.FileLockProperties;

/**
 * In a Spring MVC or WebFlux application, a locked call that times out answers 409 with an RFC 9457
 * problem body instead of a bare 500; {@code file-lock.web.problem-details.enabled=false} switches
 * it off and {@code file-lock.web.problem-details.status} chooses another status.
 */
@AutoConfiguration(after = FileLockAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(ProblemDetail.class)
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "file-lock.web.problem-details.enabled", matchIfMissing = true)
public final class FileLockWebAutoConfiguration {

    @Bean
    LockTimeoutProblems fileLockTimeoutProblems(FileLockProperties properties) {
        return new LockTimeoutProblems(HttpStatusCode.valueOf(properties.getWeb().getProblemDetails().getStatus()));
    }
}
