package dev.filelock.spring.web;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.filelock.core.LockTimeoutException;

/**
 * Answers a {@link LockTimeoutException} that leaves a Spring MVC or WebFlux handler with an RFC 9457
 * problem response. Its detail names the lock, its key, the wait and the holder, but not the lock's
 * file or server, which stay in the exception's message and the log. Ordered last, so that an
 * exception handler of the application's own wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
final class LockTimeoutProblems {

    /** The problem type of a lock that was not acquired in time. */
    static final URI TYPE = URI.create("urn:file-lock:problem:lock-timeout");

    private final HttpStatusCode status;

    LockTimeoutProblems(HttpStatusCode status) {
        this.status = status;
    }

    @ExceptionHandler(LockTimeoutException.class)
    ResponseEntity<ProblemDetail> lockNotAcquired(LockTimeoutException timeout) {
        String lock = timeout.lockName().map(name -> "Lock '" + name + "'").orElse("A lock");
        String key = timeout.key().map(k -> " key '" + k + "'").orElse("");
        String holder = timeout.holder().map(owner -> "; held by " + owner.describe()).orElse("");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                lock + key + " was not acquired within " + timeout.waited() + holder);
        problem.setType(TYPE);
        problem.setTitle("Lock not acquired");
        timeout.lockName().ifPresent(name -> problem.setProperty("lock", name));
        timeout.key().ifPresent(k -> problem.setProperty("key", k));
        problem.setProperty("waited", timeout.waited().toString());
        timeout.holder().ifPresent(owner -> problem.setProperty("holder", owner.describe()));
        return ResponseEntity.status(status).body(problem);
    }
}
