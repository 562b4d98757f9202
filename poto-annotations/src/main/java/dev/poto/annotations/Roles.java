package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller needs at least one of these roles (403 otherwise). On a class it applies to every
 * {@link Rpc} method that does not carry its own {@code @Roles}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Roles {
  String[] value();
}
