package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
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
    ASYNC,
    /**
     * A lazy publisher ({@code Mono}, {@code Flux}, a Kotlin {@code Flow}...) or a Kotlin
     * {@code suspend} function, which Spring AOP hands over as a {@code Mono}: held from each
     * subscription until its terminal signal or cancellation (see {@link ReactiveReturn}).
     */
    REACTIVE;

    private static final String FLOW = "kotlinx.coroutines.flow.Flow";
    private static final String DEFERRED = "kotlinx.coroutines.Deferred";
    // What a method may return that does its work after returning, whether or not a library that
    // adapts it is on the class path: such a method is locked as REACTIVE, or refused.
    private static final Set<String> ASYNC_TYPES = Set.of("org.reactivestreams.Publisher",
            Flow.Publisher.class.getName(), FLOW, DEFERRED, "io.reactivex.rxjava3.core.Single",
            "io.reactivex.rxjava3.core.Maybe", "io.reactivex.rxjava3.core.Completable",
            "io.reactivex.rxjava3.core.Observable", "io.smallrye.mutiny.Uni");
    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Flux", ReturnKind.class.getClassLoader());
    // What Spring AOP needs to hand a suspend function over as a Mono (AopUtils checks the same class).
    private static final boolean COROUTINES_REACTOR_PRESENT =
            ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", ReturnKind.class.getClassLoader());

    /** The value of a synchronous call skipped for a timeout. */
    @Nullable Object skipped() {
        return switch (this) {
            case VALUE -> null;
            case OPTIONAL -> Optional.empty();
            case ASYNC -> CompletableFuture.completedFuture(null);
            case REACTIVE -> throw new IllegalStateException("A reactive call skips with an empty publisher");
        };
    }

    /**
     * The kind, or {@code null} with a problem added when the lock cannot be held for this method.
     *
     * @param proxied whether Spring AOP proxies apply the aspect, rather than AspectJ weaving
     */
    static @Nullable ReturnKind of(Method method, OnTimeout onTimeout, boolean proxied, String where,
            List<Problem> problems) {
        if (KotlinDetector.isSuspendingFunction(method)) {
            return suspending(method, onTimeout, proxied, where, problems);
        }
        Class<?> type = method.getReturnType();
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
        if (isAsync(type)) {
            return reactive(type, where, problems);
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

    /** How a {@link #REACTIVE} method's result is locked; needs Reactor, which {@link #of} made sure of. */
    static ReactiveReturn reactiveReturn(Method method) {
        if (KotlinDetector.isSuspendingFunction(method)) {
            // Spring hands a suspend function over as a Mono, or a Flux when it returns a Flow, and
            // awaits a Mono, or collects a Flux as a Flow, from the advice.
            return new ReactiveReturn(null, isA(new MethodParameter(method, -1).getParameterType(), FLOW));
        }
        ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(method.getReturnType());
        if (adapter == null) {
            throw new IllegalStateException("No reactive adapter for " + method);
        }
        return new ReactiveReturn(adapter, adapter.isMultiValue());
    }

    private static @Nullable ReturnKind reactive(Class<?> type, String where, List<Problem> problems) {
        if (isA(type, DEFERRED)) {
            problems.add(new Problem(where + " returns a Kotlin Deferred, whose work starts when it is created, "
                    + "before any lock could be taken, and goes on after the method returns",
                    "Make it a suspend fun returning the value itself (held until it returns), or return a Flow "
                            + "(held while it is collected)"));
            return null;
        }
        if (!REACTOR_PRESENT) {
            problems.add(new Problem(where + " returns " + type.getName() + ", whose work runs after the method "
                    + "returns; the starter holds a lock across it with Reactor, which is not on the class path",
                    "Add io.projectreactor:reactor-core" + (isA(type, FLOW) ? " and org.jetbrains.kotlinx:"
                            + "kotlinx-coroutines-reactor" : "") + " to the application"));
            return null;
        }
        ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
        if (adapter == null || !adapter.getDescriptor().isDeferred()
                || !type.isAssignableFrom(adapter.getReactiveType())) {
            problems.add(new Problem(where + " returns " + type.getName() + ", which the starter cannot hold a lock "
                    + "across: Spring's ReactiveAdapterRegistry " + (adapter == null ? "knows no adapter for it"
                    : "adapts it as " + adapter.getReactiveType().getName() + (adapter.getDescriptor().isDeferred()
                    ? "" : ", whose work starts before it is subscribed to")),
                    "Declare the return type as Mono or Flux (or Flow, Publisher, or a CompletableFuture)"
                            + (isA(type, FLOW) ? "; for a Flow add org.jetbrains.kotlinx:kotlinx-coroutines-reactor" : "")));
            return null;
        }
        return REACTIVE;
    }

    private static @Nullable ReturnKind suspending(Method method, OnTimeout onTimeout, boolean proxied, String where,
            List<Problem> problems) {
        if (!proxied) {
            problems.add(new Problem(where + " is a Kotlin suspend function, which the AspectJ-woven aspect cannot "
                    + "hold a lock for: its compiled method returns when the coroutine first suspends, long before "
                    + "the body is done", "Let Spring AOP proxies apply the lock (file-lock.advice-mode=proxy), "
                    + "which await the whole coroutine"));
            return null;
        }
        if (!COROUTINES_REACTOR_PRESENT || !KotlinDetector.isKotlinReflectPresent()) {
            problems.add(new Problem(where + " is a Kotlin suspend function; Spring AOP hands one to the lock as a "
                    + "whole only with kotlinx-coroutines-reactor and kotlin-reflect on the class path; without them "
                    + "the lock would be released when the coroutine first suspends",
                    "Add org.jetbrains.kotlinx:kotlinx-coroutines-reactor and org.jetbrains.kotlin:kotlin-reflect"));
            return null;
        }
        MethodParameter result = new MethodParameter(method, -1);
        Class<?> type = result.getParameterType();
        if (isA(type, DEFERRED)) {
            problems.add(new Problem(where + " returns a Kotlin Deferred, whose work goes on after the function "
                    + "returns, where no lock can follow it",
                    "Return the value itself (await it inside); the lock is then held until the suspend fun returns"));
            return null;
        }
        if (onTimeout == OnTimeout.SKIP && !result.isOptional() && !isA(type, FLOW)
                && !type.getName().equals("kotlin.Unit") && type != void.class) {
            problems.add(new Problem(where + " uses onTimeout = SKIP but returns a non-null " + type.getSimpleName()
                    + ", which a skipped call cannot return", "Declare the return type nullable (with ?), return Unit, "
                    + "or use onTimeout = FAIL"));
            return null;
        }
        return REACTIVE;
    }

    private static boolean isAsync(Class<?> type) {
        for (String name : ASYNC_TYPES) {
            if (isA(type, name)) {
                return true;
            }
        }
        return false;
    }

    // By name, through every superclass and superinterface: the libraries are optional, and Reactor's
    // Flux and Mono implement Publisher only through CorePublisher.
    private static boolean isA(@Nullable Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, name)) {
                return true;
            }
        }
        return isA(type.getSuperclass(), name);
    }
}
