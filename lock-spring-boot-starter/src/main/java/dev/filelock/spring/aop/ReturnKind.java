package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;

import org.springframework.util.ClassUtils;

import dev.filelock.spring.FileLockConfigurationException.Problem;
import dev.filelock.spring.OnTimeout;

/** What a locked method returns, which decides how long the lock is held and what a skip returns. */
enum ReturnKind {

    /** Held until the method returns. */
    VALUE,
    /** Held until the method returns; a skip returns {@link Optional#empty()}. */
    OPTIONAL,
    /** Held until the returned {@link CompletionStage} completes. */
    ASYNC;

    /** The value of a call skipped for a timeout. */
    Object skipped() {
        return switch (this) {
            case VALUE -> null;
            case OPTIONAL -> Optional.empty();
            case ASYNC -> CompletableFuture.completedFuture(null);
        };
    }

    /** The kind, or {@code null} with a problem added when the lock cannot be held for this method. */
    static ReturnKind of(Method method, OnTimeout onTimeout, String where, List<Problem> problems) {
        Class<?> type = method.getReturnType();
        if (isPublisher(type)) {
            problems.add(new Problem(where + " returns a Reactive Streams Publisher (" + type.getSimpleName()
                    + "): its work runs after the method returns, so the lock would be released before the work is done",
                    "Lock inside the reactive pipeline instead, or return a CompletableFuture / CompletionStage, "
                            + "whose lock is held until it completes"));
            return null;
        }
        if (CompletionStage.class.isAssignableFrom(type)) {
            if (!type.isAssignableFrom(CompletableFuture.class)) {
                problems.add(new Problem(where + " returns " + type.getName()
                        + ", which the lock cannot wrap to hold it until the work completes",
                        "Declare the return type as CompletableFuture or CompletionStage"));
                return null;
            }
            return ASYNC;
        }
        if (Future.class.isAssignableFrom(type)) {
            problems.add(new Problem(where + " returns a " + type.getSimpleName()
                    + ", which cannot tell when its work is done: the lock would be released before the work completes",
                    "Return a CompletableFuture or CompletionStage instead; the lock is then held until it completes"));
            return null;
        }
        if (type == Optional.class) {
            return OPTIONAL;
        }
        if (onTimeout == OnTimeout.SKIP && type.isPrimitive() && type != void.class) {
            problems.add(new Problem(where + " uses onTimeout = SKIP but returns " + type.getName()
                    + ", which cannot be null when the call is skipped",
                    "Return " + ClassUtils.resolvePrimitiveIfNecessary(type).getSimpleName()
                            + ", an Optional, or void; or use onTimeout = FAIL"));
            return null;
        }
        return VALUE;
    }

    // Through every superclass and superinterface: Reactor's Flux and Mono implement Publisher only
    // through CorePublisher, and Mutiny's Multi is an interface extending it.
    private static boolean isPublisher(Class<?> type) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals("org.reactivestreams.Publisher") || type == Flow.Publisher.class) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isPublisher(implemented)) {
                return true;
            }
        }
        return isPublisher(type.getSuperclass());
    }
}
