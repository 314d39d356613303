/** What Spring AOT and GraalVM native images need to know of the locks: see {@code docs/spring-boot-starter.md}. */
@NullMarked
package dev.filelock.spring.aot;

import org.jspecify.annotations.NullMarked;
