/** {@code @FileLocked}, named locks declared under file-lock.locks, hooks, and the LockProvider contract every lock type implements. Types are non-null unless marked @Nullable. */
@NullMarked
package dev.filelock.spring;

import org.jspecify.annotations.NullMarked;
