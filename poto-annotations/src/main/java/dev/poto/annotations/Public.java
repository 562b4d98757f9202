package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method (or every {@link Rpc} method of the class) may be called without a token. A token that
 * is present but invalid or expired is still rejected with 401: never a silent anonymous call.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Public {}
