package dev.filelock.spring.aop;

import org.aspectj.lang.Aspects;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.autoconfigure.FileLockProperties;
import dev.filelock.spring.metrics.LockMetrics;

/**
 * The beans that run {@link dev.filelock.spring.FileLocked} methods: the resolver, the invoker,
 * the start-up checks, the release of held locks at shutdown, and either a proxy advisor or the
 * configuration of the AspectJ-woven aspect. Imported by
 * {@link dev.filelock.spring.autoconfigure.FileLockAutoConfiguration}; everything it defines is
 * internal.
 */
@Configuration(proxyBeanMethods = false)
@Import({FileLockAopConfiguration.Proxied.class, FileLockAopConfiguration.Woven.class})
public final class FileLockAopConfiguration {

    FileLockAopConfiguration() {
    }

    @Bean
    ActiveHolds fileLockActiveHolds() {
        return new ActiveHolds();
    }

    @Bean
    LockedMethods fileLockedMethods(FileLocks locks, ConfigurableListableBeanFactory beanFactory,
            FileLockProperties properties, Environment environment) {
        return new LockedMethods(locks, beanFactory, !AdviceModes.woven(properties.getAdviceMode()), environment);
    }

    @Bean
    LockedMethodInvoker fileLockInvoker(LockedMethods methods, FileLocks locks, ObjectProvider<LockMetrics> metrics,
            ActiveHolds holds) {
        return new LockedMethodInvoker(methods, locks, metrics.getIfAvailable(() -> LockMetrics.NONE), holds);
    }

    @Bean
    FileLockedMethodsValidator fileLockedMethodsValidator(ConfigurableListableBeanFactory beanFactory,
            LockedMethods methods) {
        return new FileLockedMethodsValidator(beanFactory, methods);
    }

    @Bean
    HeldLocksLifecycle fileLockHeldLocksLifecycle(ActiveHolds holds, FileLockProperties properties) {
        return new HeldLocksLifecycle(holds, properties.getShutdownTimeout());
    }

    /**
     * Spring AOP proxies lock the annotated methods through an advisor: an infrastructure bean, so
     * that Boot's proxy creator applies it with or without AspectJ on the class path.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(AdviceModes.Proxied.class)
    static class Proxied {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor fileLockAdvisor(ObjectProvider<LockedMethodInvoker> invoker, Environment environment) {
            // Static and lazy, as Spring's own advisors are: the proxy creator looks advisors up early.
            DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new FileLockedPointcut(),
                    new FileLockInterceptor(invoker::getObject));
            // Bound from the environment: the properties bean may not be bound yet this early.
            advisor.setOrder(Binder.get(environment).bind("file-lock.aspect-order", Integer.class)
                    .orElse(FileLockProperties.DEFAULT_ASPECT_ORDER));
            return advisor;
        }
    }

    /**
     * AspectJ has woven the aspect into the classes and made its instance: configure that one, and
     * register no advisor, so that no proxy locks a second time.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(AdviceModes.Woven.class)
    static class Woven {

        @Bean
        WovenAspect fileLockWovenAspect(LockedMethodInvoker invoker, FileLockProperties properties) {
            if (!AdviceModes.aspectClassIsWoven()) {
                throw new FileLockConfigurationException(
                        "file-lock.advice-mode=aspectj but FileLockAspect has not been woven by AspectJ",
                        "Start the JVM with -javaagent:aspectjweaver.jar and list dev.filelock.spring.aop.FileLockAspect "
                                + "in META-INF/aop.xml (see docs/spring-boot-starter.md), or set file-lock.advice-mode=proxy");
            }
            FileLockAspect aspect = Aspects.aspectOf(FileLockAspect.class);
            aspect.configure(invoker, properties.getAspectOrder());
            return new WovenAspect(aspect);
        }
    }

    /** The AspectJ-woven aspect instance, as configured by this context. */
    record WovenAspect(FileLockAspect aspect) {
    }
}
