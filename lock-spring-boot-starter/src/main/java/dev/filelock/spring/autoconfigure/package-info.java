/** Spring Boot auto-configuration and the file-lock.* properties. */
@NullMarked
package dev.filelock.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
