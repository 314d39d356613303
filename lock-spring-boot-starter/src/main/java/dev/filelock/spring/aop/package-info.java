/** How @FileLocked calls are intercepted (a proxy advisor, or the AspectJ-woven FileLockAspect) and run under their lock. Internal except FileLockAspect, which AspectJ weaves, and the configuration the auto-configuration imports. */
@NullMarked
package dev.filelock.spring.aop;

import org.jspecify.annotations.NullMarked;
