/** The providers of the lock types that need no server: file and mmap. */
@NullMarked
package dev.filelock.spring.local;

import org.jspecify.annotations.NullMarked;
