package dev.poto.runtime.observability;

import dev.poto.runtime.lifecycle.CallRegistry;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.stream.StreamMetrics;
import java.util.Optional;

/**
 * What an observer can watch of a running runtime (handed to {@link CallObserver#bind} once): the
 * calls being served, the streams being written, the session store.
 */
public record RuntimeState(CallRegistry calls, StreamMetrics streams, Optional<SessionProvider> sessions) {}
