package dev.poto.samples.board;

import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoModule;
import dev.poto.runtime.context.PotoUser;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Flow;

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
   * posted. One stream gives a page all it needs, with no gap between "load" and "listen".
   */
  @Rpc
  public Flow.Publisher<Note> watch() {
    // A publisher, so a quiet watcher holds no thread: a posted note is pushed to every watcher that
    // asked for one. When the caller goes away the runtime cancels the subscription: off the board.
    return board.watch(BACKLOG);
  }

  /** Admins only: empties the board and says how many notes went. */
  @Rpc
  @Roles("admin")
  public int clear() {
    return board.clear();
  }
}
