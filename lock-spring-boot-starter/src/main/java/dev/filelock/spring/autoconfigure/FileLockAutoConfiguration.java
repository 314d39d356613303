package dev.filelock.spring.autoconfigure;

import org.aspectj.lang.Aspects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.aop.ActiveHolds;
import dev.filelock.spring.aop.FileLockAspect;
import dev.filelock.spring.aop.FileLockedMethodsValidator;
import dev.filelock.spring.aop.HeldLocksLifecycle;
import dev.filelock.spring.aop.LockedMethodInvoker;
import dev.filelock.spring.aop.LockedMethods;
import dev.filelock.spring.metrics.LockMetrics;
import dev.filelock.spring.registry.DeclaredLocks;

/**
 * {@link dev.filelock.spring.FileLocked} for Spring Boot: the declared locks of
 * {@code file-lock.locks}, the aspect (applied by proxies, or configured when AspectJ weaves it),
 * the start-up checks and the release of held locks at shutdown. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration(after = AopAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FileLockProperties.class)
public class FileLockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(FileLocks.class)
    DeclaredLocks fileLocks(FileLockProperties properties, ObjectProvider<LockProvider> providers, Environment environment) {
        UnknownProperties.refuse(environment);
        return new DeclaredLocks(LockDeclarations.from(properties), providers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    ActiveHolds fileLockActiveHolds() {
        return new ActiveHolds();
    }

    @Bean
    @ConditionalOnMissingBean
    LockedMethods fileLockedMethods(FileLocks locks, ConfigurableListableBeanFactory beanFactory, FileLockProperties properties,
            Environment environment) {
        return new LockedMethods(locks, beanFactory, !AdviceModes.woven(properties.getAdviceMode()), environment);
    }

    @Bean
    @ConditionalOnMissingBean
    LockedMethodInvoker fileLockInvoker(LockedMethods methods, FileLocks locks, ObjectProvider<LockMetrics> metrics,
            ActiveHolds holds) {
        return new LockedMethodInvoker(methods, locks, metrics.getIfAvailable(() -> LockMetrics.NONE), holds);
    }

    @Bean
    @ConditionalOnMissingBean
    FileLockedMethodsValidator fileLockedMethodsValidator(ConfigurableListableBeanFactory beanFactory,
            LockedMethods methods, FileLockProperties properties) {
        return new FileLockedMethodsValidator(beanFactory, methods, !AdviceModes.woven(properties.getAdviceMode()));
    }

    @Bean
    @ConditionalOnMissingBean
    HeldLocksLifecycle fileLockHeldLocksLifecycle(ActiveHolds holds, FileLockProperties properties) {
        return new HeldLocksLifecycle(holds, properties.getShutdownTimeout());
    }

    /** Spring AOP proxies apply the aspect to every bean with {@code @FileLocked} methods. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(AdviceModes.Proxied.class)
    static class ProxiedAspectConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FileLockAspect fileLockAspect(LockedMethodInvoker invoker, FileLockProperties properties) {
            return new FileLockAspect(invoker, properties.getAspectOrder());
        }
    }

    /**
     * AspectJ has woven the aspect into the classes and made its instance: configure that one, and
     * register no aspect bean, so that no proxy locks a second time.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(AdviceModes.Woven.class)
    static class WovenAspectConfiguration {

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
    public record WovenAspect(FileLockAspect aspect) {
    }
}
