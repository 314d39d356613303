package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ReflectionUtils;

import dev.filelock.spring.FileLocked;

/**
 * For an AOT-processed application: the {@link FileLocked} methods of each bean are read at start-up
 * (their annotation and parameter names), and a {@code key} expression reads properties of their
 * arguments, so both are registered as reflection hints, the argument types as Spring's data binding
 * registers them.
 */
final class FileLockedMethodsAotProcessor implements BeanRegistrationAotProcessor {

    private final FileLockedPointcut pointcut = new FileLockedPointcut();

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
        Class<?> type = bean.getBeanClass();
        List<Method> locked = Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(type))
                .filter(method -> pointcut.matches(method, type))
                .toList();
        if (locked.isEmpty()) {
            return null;
        }
        return (context, code) -> {
            ReflectionHints reflection = context.getRuntimeHints().reflection();
            BindingReflectionHintsRegistrar arguments = new BindingReflectionHintsRegistrar();
            for (Method method : locked) {
                reflection.registerMethod(method, ExecutableMode.INTROSPECT);
                if (!LockedMethods.annotation(method, type).key().isEmpty()) {
                    arguments.registerReflectionHints(reflection, method.getGenericParameterTypes());
                }
            }
        };
    }
}
