package dev.poto.runtime.lifecycle;

import dev.poto.runtime.health.HealthCheck;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.session.SessionProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory session store that records its closing and reports the health a test sets. */
final class RecordingSessions {
  final AtomicInteger closed = new AtomicInteger();
  final AtomicBoolean healthy = new AtomicBoolean(true);
  final AtomicInteger probes = new AtomicInteger();
  final SessionProvider provider;

  RecordingSessions() {
    InMemorySessionProvider delegate = new InMemorySessionProvider();
    provider = (SessionProvider) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {SessionProvider.class, HealthCheck.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "healthy" -> {
            probes.incrementAndGet();
            yield healthy.get();
          }
          case "close" -> {
            closed.incrementAndGet();
            delegate.close();
            yield null;
          }
          case "toString" -> "RecordingSessions";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> {
            try {
              yield method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
        });
  }
}
