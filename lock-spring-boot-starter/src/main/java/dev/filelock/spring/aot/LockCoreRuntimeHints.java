package dev.filelock.spring.aot;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.jspecify.annotations.Nullable;

/**
 * What lock-core reaches natively, for a GraalVM native image: its direct-mapped C functions
 * ({@code Native.register} binds their {@code native} methods through JNI), JNA's own classes that
 * its native library calls back into, and that library itself, which JNA unpacks from the jar.
 * Unverified in a native image: this build has no GraalVM (see docs/spring-boot-starter.md).
 */
final class LockCoreRuntimeHints implements RuntimeHintsRegistrar {

    /** lock-core's classes whose {@code native} methods JNA registers. */
    static final String[] DIRECT_MAPPED = {"dev.filelock.core.LibC", "dev.filelock.core.Statx"};

    /** JNA's classes that {@code libjnidispatch} finds and calls through JNI. */
    static final String[] JNA_CALLED_FROM_NATIVE = {"com.sun.jna.Native", "com.sun.jna.Pointer",
            "com.sun.jna.Memory", "com.sun.jna.Structure", "com.sun.jna.Structure$ByValue",
            "com.sun.jna.Structure$FFIType", "com.sun.jna.Structure$FFIType$FFITypes", "com.sun.jna.Callback",
            "com.sun.jna.CallbackReference", "com.sun.jna.CallbackReference$AttachOptions", "com.sun.jna.NativeMapped",
            "com.sun.jna.IntegerType", "com.sun.jna.PointerType", "com.sun.jna.WString", "com.sun.jna.LastErrorException",
            "com.sun.jna.Native$ffi_callback", "com.sun.jna.FromNativeConverter", "com.sun.jna.ToNativeConverter",
            "com.sun.jna.Klass"};

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String type : DIRECT_MAPPED) {
            hints.jni().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_METHODS,
                    MemberCategory.ACCESS_DECLARED_FIELDS);
            hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_METHODS);
        }
        for (String type : JNA_CALLED_FROM_NATIVE) {
            hints.jni().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
                    MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
        }
        hints.resources().registerPattern("com/sun/jna/*/libjnidispatch.*");
    }
}
