package dev.filelock.spring.aop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;

/**
 * Checks, once every singleton exists, each {@link dev.filelock.spring.FileLocked} method of every
 * bean class and each hook named in {@code application.yml}, and stops the start-up with all the
 * problems at once, so that none waits for the first call to show.
 */
final class FileLockedMethodsValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final LockedMethods methods;

    FileLockedMethodsValidator(ConfigurableListableBeanFactory beanFactory, LockedMethods methods) {
        this.beanFactory = beanFactory;
        this.methods = methods;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Problem> problems = new ArrayList<>();
        methods.checkDeclaredHooks(problems);
        Set<Class<?>> seen = new HashSet<>();
        int locked = 0;
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            type = ClassUtils.getUserClass(type);
            if (seen.add(type) && !isFramework(type)) {
                locked += methods.check(type, problems);
            }
        }
        if (methods.proxied() && locked > 0 && !beanFactory.containsBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME)) {
            problems.add(new Problem("@FileLocked is used on " + locked + " method(s) but no AspectJ auto-proxy creator "
                    + "is registered (spring.aop.auto=false?), so no lock would be taken",
                    "Remove spring.aop.auto=false, add @EnableAspectJAutoProxy, or weave the aspect with AspectJ and set "
                            + "file-lock.advice-mode=aspectj"));
        }
        if (!problems.isEmpty()) {
            // A hook declared in yml and used by methods is checked for both; say each problem once.
            throw new FileLockConfigurationException(problems.stream().distinct().toList());
        }
    }

    private static boolean isFramework(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("org.springframework.") || name.startsWith("jdk.");
    }
}
