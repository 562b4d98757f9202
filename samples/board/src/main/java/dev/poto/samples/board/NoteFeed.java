package dev.poto.samples.board;

import dev.poto.protocol.RpcException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One watcher's notes as a {@link Flow.Publisher}: the backlog first, then every note as it is posted,
 * each once, delivered as the subscriber asks for them. Nothing waits on a thread: a posted note is
 * handed over by the thread that posted it (when the watcher has asked for one) or kept until it asks.
 * A watcher that falls {@value #MAX_WAITING} notes behind is told so and its stream ends, rather than
 * silently missing notes. One subscriber; cancelling unsubscribes from the board.
 */
final class NoteFeed implements Flow.Publisher<Note>, Flow.Subscription {
  /** Notes that may wait for a slow watcher before its stream ends. */
  static final int MAX_WAITING = 1_000;

  private final Consumer<NoteFeed> onCancel;
  private final ArrayDeque<Note> waiting = new ArrayDeque<>();
  /** Notes posted while the backlog was being read; null once the backlog is in. */
  private List<Note> postedEarly = new ArrayList<>();
  private Set<Long> backlogIds = Set.of();
  private Flow.Subscriber<? super Note> subscriber;
  private long demand;
  private boolean delivering;
  private boolean done;
  private Throwable failure;

  NoteFeed(Consumer<NoteFeed> onCancel) {
    this.onCancel = onCancel;
  }

  /**
   * The notes already on the board, to go first. The feed was registered with the board before they
   * were read, so a note posted meanwhile is either among them or offered after: kept once.
   */
  void startWith(List<Note> backlog) {
    synchronized (this) {
      waiting.addAll(backlog);
      backlogIds = new HashSet<>();
      backlog.forEach(note -> backlogIds.add(note.id()));
      List<Note> early = postedEarly;
      postedEarly = null;
      early.forEach(this::keep);
    }
    deliver();
  }

  /** A note was posted: delivered now if the watcher asked for one, kept otherwise. */
  void offer(Note note) {
    synchronized (this) {
      if (done) {
        return;
      }
      if (postedEarly != null) {
        postedEarly.add(note);
        return;
      }
      keep(note);
    }
    deliver();
  }

  private void keep(Note note) { // under the lock
    if (backlogIds.contains(note.id())) {
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      done = true;
      waiting.clear();
      failure = new RpcException(503, "watcher_too_slow",
          "More than " + MAX_WAITING + " notes waited for this watcher; watch again to catch up");
      return;
    }
    waiting.add(note);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Note> s) {
    synchronized (this) {
      if (subscriber == null) {
        subscriber = s;
      } else {
        s.onSubscribe(new Flow.Subscription() {
          public void request(long n) {}

          public void cancel() {}
        });
        s.onError(new IllegalStateException("A note feed has one watcher"));
        return;
      }
    }
    s.onSubscribe(this);
    deliver();
  }

  @Override
  public void request(long n) {
    synchronized (this) {
      if (n <= 0) { // rule 3.9
        done = true;
        failure = new IllegalArgumentException("request(" + n + "): demand must be positive");
      } else {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
    }
    deliver();
  }

  @Override
  public void cancel() {
    synchronized (this) {
      if (subscriber == null) {
        return; // cancelled before, or the stream already ended with an error
      }
      done = true;
      failure = null;
      waiting.clear();
      subscriber = null; // rule 3.13: no reference kept after cancel
    }
    onCancel.accept(this);
  }

  /**
   * Hands waiting notes to the subscriber, one thread at a time and never under the lock (the
   * subscriber may call back). A thread finding another delivering leaves its note to that one.
   */
  private void deliver() {
    while (true) {
      Flow.Subscriber<? super Note> to;
      Note next = null;
      Throwable error = null;
      synchronized (this) {
        to = subscriber;
        if (delivering || to == null) {
          return;
        }
        if (!waiting.isEmpty() && demand > 0) {
          next = waiting.poll();
          demand--;
        } else if (done && failure != null) {
          error = failure;
          failure = null;
          subscriber = null;
        } else {
          return;
        }
        delivering = true;
      }
      try {
        if (next != null) {
          to.onNext(next);
        } else {
          to.onError(error);
          onCancel.accept(this); // the stream ends: off the board
        }
      } finally {
        synchronized (this) {
          delivering = false;
        }
      }
    }
  }
}
