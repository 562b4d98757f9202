package dev.poto.samples.board;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The board's shared state: the notes and the queues of everyone watching. This is application
 * state shared by all callers; nothing request-scoped is kept here.
 */
final class Board {
  static final int MAX_NOTES = 500;

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final List<Note> notes = new ArrayList<>();
  private final Set<BlockingQueue<Note>> watchers = new CopyOnWriteArraySet<>();

  Board(Clock clock) {
    this.clock = clock;
  }

  Note post(String author, String text) {
    Note note = new Note(ids.incrementAndGet(), author, text, clock.instant());
    synchronized (notes) {
      notes.add(note);
      if (notes.size() > MAX_NOTES) {
        notes.removeFirst();
      }
    }
    watchers.forEach(queue -> queue.offer(note));
    return note;
  }

  List<Note> recent(int limit) {
    synchronized (notes) {
      return List.copyOf(notes.subList(Math.max(0, notes.size() - limit), notes.size()));
    }
  }

  int size() {
    synchronized (notes) {
      return notes.size();
    }
  }

  int clear() {
    synchronized (notes) {
      int removed = notes.size();
      notes.clear();
      return removed;
    }
  }

  /** A watcher's view: the notes already there, and a queue that receives every later one. */
  record Subscription(List<Note> backlog, BlockingQueue<Note> queue) {}

  /**
   * Subscribes to new notes and returns up to {@code backlog} recent ones. The queue is registered
   * before the backlog is read, so no note falls between the two; a note may be in both, and the
   * reader skips those by id.
   */
  Subscription watch(int backlog) {
    BlockingQueue<Note> queue = new LinkedBlockingQueue<>(1_000);
    watchers.add(queue);
    return new Subscription(recent(backlog), queue);
  }

  void unwatch(BlockingQueue<Note> queue) {
    watchers.remove(queue);
  }

  int watcherCount() {
    return watchers.size();
  }
}
