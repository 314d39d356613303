package dev.filelock.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The hints a native image needs for lock-core's native calls, and their registration. */
class LockCoreRuntimeHintsTest {

    private final RuntimeHints hints = new RuntimeHints();

    LockCoreRuntimeHintsTest() {
        new LockCoreRuntimeHints().registerHints(hints, getClass().getClassLoader());
    }

    @Test
    void everyLockCoreClassWithNativeMethodsIsRegisteredForJni() throws Exception {
        Set<String> withNatives = new TreeSet<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:dev/filelock/core/*.class")) {
            String name = "dev.filelock.core." + resource.getFilename().replace(".class", "");
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            if (Arrays.stream(type.getDeclaredMethods()).anyMatch(method -> Modifier.isNative(method.getModifiers()))) {
                withNatives.add(name);
            }
        }
        assertThat(withNatives).as("lock-core classes with native methods: list them in LockCoreRuntimeHints.DIRECT_MAPPED")
                .containsExactlyInAnyOrder(LockCoreRuntimeHints.DIRECT_MAPPED);
        for (String type : withNatives) {
            assertThat(jniMembers(type)).as(type).contains(MemberCategory.INVOKE_DECLARED_METHODS);
        }
    }

    @Test
    void jnaCanFindItsNativeLibraryAndTheClassesItCallsBack() throws Exception {
        assertThat(RuntimeHintsPredicates.resource().forResource("com/sun/jna/linux-x86-64/libjnidispatch.so")).accepts(hints);
        for (String type : LockCoreRuntimeHints.JNA_CALLED_FROM_NATIVE) {
            assertThat(Class.forName(type, false, getClass().getClassLoader())).as(type).isNotNull();
            assertThat(jniMembers(type)).as(type).contains(MemberCategory.INVOKE_DECLARED_METHODS,
                    MemberCategory.ACCESS_DECLARED_FIELDS);
        }
        assertThat(LockCoreRuntimeHints.JNA_CALLED_FROM_NATIVE).contains("com.sun.jna.Native", "com.sun.jna.Pointer");
    }

    private Set<MemberCategory> jniMembers(String type) {
        TypeHint hint = hints.jni().getTypeHint(TypeReference.of(type));
        return hint == null ? Set.of() : hint.getMemberCategories();
    }

    @Test
    void theRegistrarIsListedInAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(LockCoreRuntimeHints.class);
    }
}
