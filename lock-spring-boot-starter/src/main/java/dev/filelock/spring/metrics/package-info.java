/** Lock wait, hold and loss metrics (Micrometer when present). */
@NullMarked
package dev.filelock.spring.metrics;

import org.jspecify.annotations.NullMarked;
