package dev.poto.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the route of a module ({@code POST /poto/{route}/{method}}); optional on a class.
 *
 * <p>On an interface it makes an <em>API module</em>: the interface's {@code @Rpc} methods (and
 * {@link Public} / {@link Roles}) are the contract. Compiling it writes the clients and the descriptor
 * only; a class implementing the interface, usually in another artifact, gets the dispatcher.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RpcModule {
  /** The route segment; empty means the class's simple name. Letters, digits, '_' and '-' only. */
  String value() default "";
}
