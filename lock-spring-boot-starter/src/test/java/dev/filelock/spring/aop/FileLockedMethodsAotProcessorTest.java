package dev.filelock.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import dev.filelock.spring.FileLocked;

/** An AOT-processed application keeps what the aspect reads of locked methods and their keyed arguments. */
class FileLockedMethodsAotProcessorTest {

    public record Order(String id, long total) {
    }

    public record Unkeyed(String name) {
    }

    public static class Orders {
        @FileLocked(name = "orders", key = "#order.id")
        public void settle(Order order) {
        }

        @FileLocked("report")
        public void report(Unkeyed argument) {
        }

        public void notLocked(String ignored) {
        }
    }

    @Test
    void lockedMethodsAreIntrospectableAndKeyedArgumentsBindable() throws Exception {
        RuntimeHints hints = contribute(Orders.class);

        assertThat(hints.reflection().getTypeHint(Orders.class)).isNotNull();
        assertThat(hints.reflection().getTypeHint(Orders.class).methods())
                .extracting(method -> method.getName()).contains("settle", "report").doesNotContain("notLocked");
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class.getMethod("id"))).accepts(hints);
        assertThat(hints.reflection().getTypeHint(Unkeyed.class)).isNull();
    }

    @Test
    void aBeanWithoutLockedMethodsContributesNothing() {
        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        factory.registerBeanDefinition("plain", new RootBeanDefinition(String.class));
        assertThat(new FileLockedMethodsAotProcessor().processAheadOfTime(RegisteredBean.of(factory, "plain"))).isNull();
    }

    @Test
    void theProcessorIsListedInAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(BeanRegistrationAotProcessor.class)).hasAtLeastOneElementOfType(FileLockedMethodsAotProcessor.class);
    }

    private static RuntimeHints contribute(Class<?> beanClass) {
        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        factory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        BeanRegistrationAotContribution contribution =
                new FileLockedMethodsAotProcessor().processAheadOfTime(RegisteredBean.of(factory, "bean"));
        assertThat(contribution).isNotNull();
        DefaultGenerationContext context = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());
        contribution.applyTo(context, null);
        return context.getRuntimeHints();
    }
}
