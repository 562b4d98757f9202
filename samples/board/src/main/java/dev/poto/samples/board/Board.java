package dev.poto.samples.board;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The board's shared state: the notes and the feeds of everyone watching. This is application
 * state shared by all callers; nothing request-scoped is kept here.
 */
final class Board {
  static final int MAX_NOTES = 500;

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final List<Note> notes = new ArrayList<>();
  private final Set<NoteFeed> watchers = ConcurrentHashMap.newKeySet();

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
    watchers.forEach(feed -> feed.offer(note));
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

  /**
   * A watcher's feed: up to {@code backlog} recent notes, then every later one. The feed is registered
   * before the backlog is read, so no note falls between the two; one in both is kept once.
   */
  NoteFeed watch(int backlog) {
    NoteFeed feed = new NoteFeed(this::unwatch);
    watchers.add(feed);
    feed.startWith(recent(backlog));
    return feed;
  }

  private void unwatch(NoteFeed feed) {
    watchers.remove(feed);
  }

  int watcherCount() {
    return watchers.size();
  }
}
