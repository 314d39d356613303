/** The filelocks actuator endpoint and the health contribution. */
@NullMarked
package dev.filelock.spring.actuate;

import org.jspecify.annotations.NullMarked;
