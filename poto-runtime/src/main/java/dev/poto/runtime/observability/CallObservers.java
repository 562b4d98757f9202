package dev.poto.runtime.observability;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured observers as one; an observer that throws is logged, never fails the call. */
public final class CallObservers {
  private static final Logger log = LoggerFactory.getLogger(CallObservers.class);

  private final List<CallObserver> observers;

  public CallObservers(List<CallObserver> observers) {
    this.observers = List.copyOf(observers);
  }

  public void bind(RuntimeState runtime) {
    observers.forEach(observer -> observer.bind(runtime));
  }

  public void sessionOperation(String operation, String outcome, java.time.Duration duration) {
    for (CallObserver observer : observers) {
      try {
        observer.sessionOperation(operation, outcome, duration);
      } catch (RuntimeException e) {
        log.warn("Call observer {} failed on a session operation", observer, e);
      }
    }
  }

  public boolean isEmpty() {
    return observers.isEmpty();
  }

  public CallObserver.Observation begin(CallRecord call) {
    return switch (observers.size()) {
      case 0 -> CallObserver.Observation.NONE;
      case 1 -> safeBegin(observers.getFirst(), call);
      default -> {
        CallObserver.Observation[] started = new CallObserver.Observation[observers.size()];
        for (int i = 0; i < started.length; i++) {
          started[i] = safeBegin(observers.get(i), call);
        }
        yield all(started);
      }
    };
  }

  /** Several observations as one: ended in reverse order, nested like scopes; handed off in order. */
  private static CallObserver.Observation all(CallObserver.Observation[] started) {
    return new CallObserver.Observation() {
      @Override
      public void end(CallRecord finished) {
        for (int i = started.length - 1; i >= 0; i--) {
          safeEnd(started[i], finished);
        }
      }

      @Override
      public CallObserver.HandOff handOff() {
        CallObserver.HandOff[] handOffs = new CallObserver.HandOff[started.length];
        for (int i = 0; i < started.length; i++) {
          handOffs[i] = started[i].handOff(); // each is safe (safeBegin)
        }
        return () -> {
          CallObserver.Observation[] resumed = new CallObserver.Observation[handOffs.length];
          for (int i = 0; i < handOffs.length; i++) {
            resumed[i] = handOffs[i].resume();
          }
          return all(resumed);
        };
      }
    };
  }

  private static CallObserver.Observation safeBegin(CallObserver observer, CallRecord call) {
    try {
      CallObserver.Observation observation = observer.begin(call);
      return observation == null ? CallObserver.Observation.NONE : safe(observer, observation, call.requestId());
    } catch (RuntimeException e) {
      log.warn("Call observer {} failed [requestId={}]", observer, call.requestId(), e);
      return CallObserver.Observation.NONE;
    }
  }

  /** An observation whose end and hand-off are logged instead of thrown. */
  private static CallObserver.Observation safe(
      CallObserver observer, CallObserver.Observation observation, String requestId) {
    return new CallObserver.Observation() {
      @Override
      public void end(CallRecord finished) {
        safeEnd(observation, finished);
      }

      @Override
      public CallObserver.HandOff handOff() {
        CallObserver.HandOff handOff;
        try {
          handOff = observation.handOff();
        } catch (RuntimeException e) {
          log.warn("Call observer {} failed to hand request {} off", observer, requestId, e);
          return () -> CallObserver.Observation.NONE;
        }
        return () -> {
          try {
            CallObserver.Observation resumed = handOff.resume();
            return resumed == null ? CallObserver.Observation.NONE : safe(observer, resumed, requestId);
          } catch (RuntimeException e) {
            log.warn("Call observer {} failed to resume request {}", observer, requestId, e);
            return CallObserver.Observation.NONE;
          }
        };
      }
    };
  }

  private static void safeEnd(CallObserver.Observation observation, CallRecord call) {
    try {
      observation.end(call);
    } catch (RuntimeException e) {
      log.warn("Call observer failed at the end of request {}", call.requestId(), e);
    }
  }
}
