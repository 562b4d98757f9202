package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * In the generated TypeScript client, every {@code long}/{@code Long} at this element is a
 * {@code bigint}, exact over all 64 bits, instead of a {@code number} limited to ±(2^53 - 1). On a
 * parameter, method (its result), record component, field or getter it covers the longs of that
 * element's type, also inside lists, arrays, map values and Optional; on a record, bean or module
 * class, all of its elements. The innermost annotation wins; {@code @LongAsBigInt(false)} opts out
 * where {@code -Apoto.ts.long=bigint} made bigint the default. The wire and the Java client do not
 * change: a long is a JSON integer either way.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE})
public @interface LongAsBigInt {
  /** False keeps numbers here although the compilation's default is bigint. */
  boolean value() default true;
}
