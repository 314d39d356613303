package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.aop.LockedMethod.Hook;

/**
 * Finds {@link FileLocked} methods and resolves each once (cached per method and target class):
 * the lock, key, timeout and hooks, with every problem reported as a
 * {@link FileLockConfigurationException} that says how to fix it.
 */
final class LockedMethods {

    private final FileLocks locks;
    private final ListableBeanFactory beans;
    private final boolean proxied;
    private final PropertyResolver environment;
    private final Map<MethodClassKey, LockedMethod> resolved = new ConcurrentHashMap<>();
    // What every call looks up: keyed by the Method object alone, which proxies and AspectJ pass as
    // the same instance on every call, so the lookup's equals is an identity check. A method
    // declared once (an interface's) may be called on several target classes: each has its entry.
    private final Map<Method, Map<Class<?>, LockedMethod>> byMethod = new ConcurrentHashMap<>();

    /**
     * @param proxied whether the aspect is applied by Spring AOP proxies (so non-public and final
     *                methods cannot be intercepted) rather than by AspectJ weaving
     */
    LockedMethods(FileLocks locks, ListableBeanFactory beans, boolean proxied) {
        this(locks, beans, proxied, new StandardEnvironment());
    }

    /**
     * @param environment resolves the {@code ${...}} placeholders of {@code name}, {@code key} and
     *                    {@code timeout}, once per method
     */
    LockedMethods(FileLocks locks, ListableBeanFactory beans, boolean proxied, PropertyResolver environment) {
        this.locks = locks;
        this.beans = beans;
        this.proxied = proxied;
        this.environment = environment;
    }

    /** Whether Spring AOP proxies apply the aspect, rather than AspectJ weaving. */
    boolean proxied() {
        return proxied;
    }

    /**
     * The resolved {@link FileLocked} use of {@code method} called on {@code target}; looked up by
     * the method and the target's class, resolved the first time.
     *
     * @param target the object the method is called on; {@code null} when unknown
     * @throws FileLockConfigurationException when it cannot work as written
     */
    LockedMethod resolve(Method method, @Nullable Object target) {
        // The target's own class as the key: AopUtils.getTargetClass, which the resolution uses,
        // tests the class name for a CGLIB marker, too slow for every call.
        Class<?> targetType = target != null ? target.getClass() : method.getDeclaringClass();
        Map<Class<?>, LockedMethod> byTarget = byMethod.get(method);
        LockedMethod cached = byTarget != null ? byTarget.get(targetType) : null;
        if (cached != null) {
            return cached;
        }
        LockedMethod lockedMethod = resolveForClass(method, target != null ? AopUtils.getTargetClass(target) : targetType);
        byMethod.compute(method, (m, known) -> {
            if (known == null) {
                return Map.of(targetType, lockedMethod);
            }
            Map<Class<?>, LockedMethod> more = new HashMap<>(known);
            more.putIfAbsent(targetType, lockedMethod);
            return Map.copyOf(more);
        });
        return lockedMethod;
    }

    /** The same, for an instance of {@code targetClass}: cached per method and class. */
    private LockedMethod resolveForClass(Method method, Class<?> targetClass) {
        MethodClassKey cacheKey = new MethodClassKey(method, targetClass);
        LockedMethod cached = resolved.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Method specific = ClassUtils.getMostSpecificMethod(method, targetClass);
        FileLocked annotation = annotation(specific, targetClass);
        if (annotation == null) {
            throw new IllegalStateException("FileLockAspect was applied to " + specific + ", which has no @FileLocked");
        }
        List<Problem> problems = new ArrayList<>();
        LockedMethod lockedMethod = resolve(specific, annotation, problems);
        if (!problems.isEmpty()) {
            throw new FileLockConfigurationException(problems);
        }
        LockedMethod first = resolved.putIfAbsent(cacheKey, lockedMethod);
        return first != null ? first : lockedMethod;
    }

    /**
     * Checks every {@link FileLocked} method of {@code type} (method-level, or public methods of an
     * annotated type) and every hook named by a declaration, adding what is wrong to
     * {@code problems}.
     *
     * @return how many locked methods it has
     */
    int check(Class<?> type, List<Problem> problems) {
        int[] count = {0};
        Class<?> userType = ClassUtils.getUserClass(type);
        // Proxies find @FileLocked on interfaces and overridden methods, as Spring's own annotations
        // are found; a woven aspect sees only what the class itself carries.
        if (!proxied && !userType.isAnnotationPresent(FileLocked.class)
                && AnnotatedElementUtils.hasAnnotation(userType, FileLocked.class)) {
            problems.add(new Problem("@FileLocked on an interface of " + userType.getSimpleName() + " is not seen by "
                    + "the woven aspect, so it locks none of its methods", "Annotate the class " + userType.getSimpleName()
                    + " (or its methods) itself, or use file-lock.advice-mode=proxy"));
        }
        ReflectionUtils.doWithMethods(userType, method -> {
            boolean methodLocked = AnnotatedElementUtils.isAnnotated(method, FileLocked.class);
            boolean inherited = !methodLocked && AnnotatedElementUtils.hasAnnotation(method, FileLocked.class);
            if (inherited && !proxied) {
                problems.add(new Problem("@FileLocked on " + where(method) + " is inherited from an overridden or "
                        + "interface method, which the woven aspect does not see", "Annotate the method of "
                        + userType.getSimpleName() + " itself (or the class), or use file-lock.advice-mode=proxy"));
                return;
            }
            if (!methodLocked && !inherited
                    && !(declaredInLockedType(method) && isLockable(method))) {
                return;
            }
            count[0]++;
            String where = where(method);
            int before = problems.size();
            checkInterceptable(method, where, problems);
            if (problems.size() == before) {
                LockedMethod lockedMethod = resolve(method, annotation(method, userType), problems);
                if (problems.size() == before) {
                    resolved.putIfAbsent(new MethodClassKey(method, userType), lockedMethod);
                }
            }
        }, method -> !method.isBridge() && !method.isSynthetic());
        return count[0];
    }

    /** Checks the hooks named by the declarations themselves, used by a method or not. */
    void checkDeclaredHooks(List<Problem> problems) {
        for (DeclaredLock lock : locks.declarations()) {
            hook(lock.prefix(), "prefix", "file-lock.locks." + lock.name() + ".prefix", lock, problems);
            hook(lock.suffix(), "suffix", "file-lock.locks." + lock.name() + ".suffix", lock, problems);
        }
    }

    private LockedMethod resolve(Method method, FileLocked annotation, List<Problem> problems) {
        String where = where(method);
        String name = placeholders(annotation.name(), "name", where, problems);
        String timeoutText = placeholders(annotation.timeout(), "timeout", where, problems);
        String keyText = placeholders(annotation.key(), "key", where, problems);
        if (name == null || timeoutText == null || keyText == null) {
            return null;
        }
        if (name.isBlank()) {
            problems.add(new Problem("@FileLocked on " + where + " names no lock",
                    "Name a lock declared under file-lock.locks, e.g. @FileLocked(\"orders\")" + declaredHint()));
            return null;
        }
        DeclaredLock lock = locks.declaration(name).orElse(null);
        if (lock == null) {
            problems.add(new Problem("@FileLocked on " + where + " names lock '" + name + "', which is not declared",
                    "Declare it under file-lock.locks." + name + " in application.yml (e.g. file-lock.locks." + name
                            + ".type=file), or correct the name" + declaredHint()));
            return null;
        }
        Duration timeout = lock.timeout();
        if (!timeoutText.isBlank()) {
            timeout = duration(timeoutText, "The timeout \"" + annotation.timeout() + "\" of @FileLocked on " + where,
                    problems);
        }
        KeyExpression key = keyText.isBlank() ? null
                : KeyExpression.parse(keyText, method, "@FileLocked on " + where, problems);
        Hook prefix = annotation.prefix().isBlank()
                ? hook(lock.prefix(), "prefix", "file-lock.locks." + name + ".prefix", lock, problems)
                : hook(annotation.prefix(), "prefix", "@FileLocked on " + where, lock, problems);
        Hook suffix = annotation.suffix().isBlank()
                ? hook(lock.suffix(), "suffix", "file-lock.locks." + name + ".suffix", lock, problems)
                : hook(annotation.suffix(), "suffix", "@FileLocked on " + where, lock, problems);
        ReturnKind returnKind = ReturnKind.of(method, annotation.onTimeout(), proxied, where, problems);
        // A lock without a key is the same NamedLock for every call: looked up once, here.
        NamedLock unkeyed = key == null && problems.isEmpty() ? locks.lock(name) : null;
        ReactiveReturn reactive = returnKind == ReturnKind.REACTIVE ? ReturnKind.reactiveReturn(method) : null;
        return new LockedMethod(method, where, lock, key, unkeyed, timeout, annotation.onTimeout(), prefix, suffix,
                returnKind, reactive);
    }

    /** {@code text} with its {@code ${...}} placeholders resolved, or null with a problem added. */
    private @Nullable String placeholders(String text, String attribute, String where, List<Problem> problems) {
        if (!text.contains("${")) {
            return text;
        }
        try {
            return environment.resolveRequiredPlaceholders(text);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("The " + attribute + " \"" + text + "\" of @FileLocked on " + where
                    + " has a placeholder that cannot be resolved: " + e.getMessage(),
                    "Define the property, or give it a default: ${name:default}"));
            return null;
        }
    }

    private void checkInterceptable(Method method, String where, List<Problem> problems) {
        if (Modifier.isStatic(method.getModifiers())) {
            problems.add(new Problem("@FileLocked on static method " + where + " would be ignored",
                    "Lock an instance method of a Spring bean, or lock by hand with FileLocks"));
        } else if (!Modifier.isPublic(method.getModifiers())) {
            problems.add(new Problem("@FileLocked on non-public method " + where
                    + " would be ignored: the aspect intercepts only public methods", "Make the method public"));
        } else if (proxied && Modifier.isFinal(method.getModifiers())) {
            problems.add(new Problem("@FileLocked on final method " + where
                    + " would be ignored: a proxy cannot override a final method", "Remove 'final' from the method"));
        }
    }

    private Hook hook(String name, String role, String source, DeclaredLock lock, List<Problem> problems) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (beans.containsBean(name) && beans.isTypeMatch(name, LockHook.class)) {
            LockHook hook = beans.getBean(name, LockHook.class);
            if (hook.usesRegion() && lock.type() != LockType.MMAP) {
                problems.add(new Problem("The " + role + " hook '" + name + "' of " + source + " uses the shared region, "
                        + "but lock '" + lock.name() + "' is a " + lock.type().name().toLowerCase(Locale.ROOT)
                        + " lock, which has none", "Declare file-lock.locks." + lock.name() + ".type=mmap with a length, "
                        + "or attach a hook that does not use the region"));
                return null;
            }
            return new Hook(name, hook);
        }
        Class<?> type = beans.containsBean(name) ? beans.getType(name) : null;
        String found = type != null ? "a bean of type " + type.getName() + ", not a LockHook"
                : beans.containsBean(name) ? "a bean that is not a LockHook" : "not a bean";
        problems.add(new Problem("The " + role + " hook '" + name + "' of " + source + " is " + found,
                "Declare a LockHook bean named '" + name + "' (e.g. @Bean LockHook " + name
                        + "() { return context -> ...; }), or correct the name; LockHook beans: "
                        + Arrays.toString(beans.getBeanNamesForType(LockHook.class))));
        return null;
    }

    private static Duration duration(String text, String what, List<Problem> problems) {
        try {
            return DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(what + " is not a duration",
                    "Write it like 500ms, 5s, 2m or PT5S; 0 tries once, a negative value such as -1 waits for ever"));
            return null;
        }
    }

    private String declaredHint() {
        String declared = locks.declarations().stream().map(DeclaredLock::name).collect(Collectors.joining(", "));
        return declared.isEmpty() ? "; no lock is declared yet" : "; declared locks: " + declared;
    }

    static FileLocked annotation(Method method, Class<?> targetClass) {
        FileLocked onMethod = AnnotatedElementUtils.findMergedAnnotation(method, FileLocked.class);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(targetClass, FileLocked.class);
    }

    static String where(Method method) {
        return ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    // A type-level @FileLocked covers the methods declared in that type or in a subclass, which
    // inherits it (@Inherited), as the aspect's within(@FileLocked *) does; through proxies also an
    // interface's (see FileLockedPointcut).
    private boolean declaredInLockedType(Method method) {
        return proxied ? AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), FileLocked.class)
                : method.getDeclaringClass().isAnnotationPresent(FileLocked.class);
    }

    /**
     * Whether the aspect can lock {@code method}: a public instance method other than
     * {@code equals}, {@code hashCode}, {@code toString} and {@code Object}'s own, which frameworks
     * call freely.
     */
    static boolean isLockable(Method method) {
        return Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                && method.getDeclaringClass() != Object.class && !AopUtils.isEqualsMethod(method)
                && !AopUtils.isHashCodeMethod(method) && !AopUtils.isToStringMethod(method);
    }
}
