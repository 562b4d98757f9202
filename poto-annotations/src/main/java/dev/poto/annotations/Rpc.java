package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public instance method as remotely callable. Only methods carrying this annotation are
 * reachable over the wire: nothing inherited and nothing public by accident.
 *
 * <p>The enclosing class becomes a Poto module; its route defaults to the class's simple name and can
 * be set with {@link RpcModule}. A call needs a valid token unless the method or class is
 * {@link Public}; {@link Roles} narrows it further.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Rpc {}
