package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Optional: names the route of a module class ({@code POST /poto/{route}/{method}}). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RpcModule {
  /** The route segment; empty means the class's simple name. Letters, digits, '_' and '-' only. */
  String value() default "";
}
