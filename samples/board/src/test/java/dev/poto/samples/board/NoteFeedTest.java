package dev.poto.samples.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.RpcException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NoteFeedTest {
  final AtomicInteger unwatched = new AtomicInteger();
  final NoteFeed feed = new NoteFeed(f -> unwatched.incrementAndGet());
  final Recording watcher = new Recording();

  static final class Recording implements Flow.Subscriber<Note> {
    Flow.Subscription subscription;
    final List<Long> ids = new ArrayList<>();
    Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(Note note) {
      ids.add(note.id());
    }

    @Override
    public void onError(Throwable e) {
      error = e;
    }

    @Override
    public void onComplete() {
      throw new AssertionError("a board's feed does not complete");
    }
  }

  static Note note(long id) {
    return new Note(id, "u", "note " + id, Instant.EPOCH);
  }

  @Test
  void theBacklogComesFirstThenLiveNotesEachOnceAndOnlyAsAsked() {
    feed.offer(note(3)); // posted while the backlog was being read, and in it
    feed.offer(note(4)); // posted while the backlog was being read, not in it
    feed.startWith(List.of(note(1), note(2), note(3)));
    feed.subscribe(watcher);
    assertThat(watcher.ids).as("nothing before it is asked for").isEmpty();

    watcher.subscription.request(2);
    assertThat(watcher.ids).containsExactly(1L, 2L);
    feed.offer(note(5));
    watcher.subscription.request(10);
    assertThat(watcher.ids).containsExactly(1L, 2L, 3L, 4L, 5L);
    feed.offer(note(6)); // demand left: handed over by the posting thread at once
    assertThat(watcher.ids).endsWith(6L);
  }

  @Test
  void aWatcherTooFarBehindIsToldAndLeavesTheBoard() {
    feed.startWith(List.of());
    feed.subscribe(watcher);
    for (int i = 1; i <= NoteFeed.MAX_WAITING + 1; i++) {
      feed.offer(note(i));
    }

    assertThat(watcher.error).isInstanceOf(RpcException.class)
        .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo("watcher_too_slow"));
    assertThat(watcher.ids).isEmpty();
    assertThat(unwatched).hasValue(1);
  }

  @Test
  void cancellingLeavesTheBoardOnceAndStopsDelivery() {
    feed.startWith(List.of(note(1)));
    feed.subscribe(watcher);
    watcher.subscription.request(Long.MAX_VALUE);
    watcher.subscription.request(Long.MAX_VALUE); // demand saturates, never overflows

    watcher.subscription.cancel();
    watcher.subscription.cancel();
    feed.offer(note(2));

    assertThat(watcher.ids).containsExactly(1L);
    assertThat(unwatched).hasValue(1);
  }

  @Test
  void aSecondSubscriberAndANonPositiveRequestAreErrors() {
    feed.startWith(List.of());
    feed.subscribe(watcher);
    Recording second = new Recording();
    feed.subscribe(second);
    assertThat(second.error).isInstanceOf(IllegalStateException.class);

    watcher.subscription.request(0);
    assertThat(watcher.error).isInstanceOf(IllegalArgumentException.class);
    assertThat(unwatched).hasValue(1);
  }
}
