/** The declared locks of an application context, each served by the provider of its type. */
@NullMarked
package dev.filelock.spring.registry;

import org.jspecify.annotations.NullMarked;
