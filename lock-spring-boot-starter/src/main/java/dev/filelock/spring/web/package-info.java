/** What a web application answers for a locked call that timed out: an RFC 9457 problem response. */
@NullMarked
package dev.filelock.spring.web;

import org.jspecify.annotations.NullMarked;
