package dev.poto.samples.board;

import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoModule;
import dev.poto.runtime.context.PotoUser;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A shared board: anyone logged in posts notes, everyone watching sees them arrive. */
@RpcModule("board")
public class BoardModule extends PotoModule {
  static final int MAX_TEXT = 280;
  /** How many recent notes a new watcher gets first. */
  static final int BACKLOG = 50;
  /** The session key of the caller's post count. */
  static final String POSTS = "posts";

  private final Board board;

  public BoardModule() {
    this(Clock.systemUTC());
  }

  BoardModule(Clock clock) {
    this.board = new Board(clock);
  }

  /** Callable without logging in. */
  @Rpc
  @Public
  public BoardInfo info() {
    return new BoardInfo("Poto board", board.size(), board.watcherCount());
  }

  /** Who the server thinks you are: the identity comes from the call's context, not a parameter. */
  @Rpc
  public Whoami whoami() {
    PotoUser user = currentUser();
    return new Whoami(user.id(), user.roles().stream().sorted().toList(), requestId());
  }

  /**
   * Posts a note as the caller, and counts it in the caller's session. The count is an atomic session
   * update, so posts sent at once from several tabs of one visitor all count. An empty or too long
   * note is the declared error {@link InvalidNote}, with its length and the limit.
   */
  @Rpc
  public Note post(String text) throws InvalidNote {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_TEXT) {
      throw new InvalidNote(trimmed.length(), MAX_TEXT);
    }
    Note note = board.post(currentUser().id(), trimmed);
    updateSessionValue(POSTS, Integer.class, posts -> posts.orElse(0) + 1);
    return note;
  }

  /** How many notes the caller has posted in this session. */
  @Rpc
  public int myPosts() {
    return getSessionValue(POSTS, Integer.class).orElse(0);
  }

  /** The most recent notes, oldest first. */
  @Rpc
  public List<Note> recent(int limit) {
    if (limit < 1 || limit > Board.MAX_NOTES) {
      throw new RpcException(400, ProblemCodes.INVALID_ARGUMENT, "limit must be 1 to " + Board.MAX_NOTES);
    }
    return board.recent(limit);
  }

  /**
   * The board, live: the most recent notes (up to {@value #BACKLOG}), then every note as it is
   * posted. One stream gives a page all it needs, with no gap between "load" and "listen". The
   * stream ends when the caller goes away: the runtime cancels the call and interrupts the waiting
   * thread, and the close handler unsubscribes.
   */
  @Rpc
  public Stream<Note> watch() {
    Board.Subscription subscription = board.watch(BACKLOG);
    Set<Long> sent = new HashSet<>();
    Iterator<Note> backlog = subscription.backlog().iterator();
    BlockingQueue<Note> queue = subscription.queue();
    Iterator<Note> notes = new Iterator<>() {
      private Note next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (backlog.hasNext()) {
          next = backlog.next();
          sent.add(next.id());
          return true;
        }
        try {
          while (next == null && !Poto.isCancelled()) {
            Note polled = queue.poll(1, TimeUnit.SECONDS);
            if (polled != null && !sent.contains(polled.id())) {
              next = polled;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return next != null;
      }

      @Override
      public Note next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Note note = next;
        next = null;
        return note;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(notes, Spliterator.ORDERED), false)
        .onClose(() -> board.unwatch(queue));
  }

  /** Admins only: empties the board and says how many notes went. */
  @Rpc
  @Roles("admin")
  public int clear() {
    return board.clear();
  }
}
