package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.client.PotoClient;
import dev.poto.samples.board.BoardApp;
import dev.poto.samples.board.BoardModuleClient;
import dev.poto.samples.board.InvalidNote;
import dev.poto.samples.board.Note;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sample's watch(): the backlog first, then live notes, each once; what the page relies on. */
class BoardWatchTest {

  @Test
  void watchGivesTheBacklogThenLiveNotes() {
    try (BoardApp app = BoardApp.start("127.0.0.1", 0);
        PotoClient alice = PotoClient.create("http://127.0.0.1:" + app.port());
        PotoClient bob = PotoClient.create("http://127.0.0.1:" + app.port())) {
      alice.loginAsVisitor();
      bob.loginAsVisitor();
      BoardModuleClient aliceBoard = new BoardModuleClient(alice);
      BoardModuleClient bobBoard = new BoardModuleClient(bob);
      Note first = aliceBoard.post("  first  ");
      assertThat(first.text()).isEqualTo("first");
      assertThat(first.author()).isEqualTo(alice.userId());

      try (Stream<Note> live = bobBoard.watch()) {
        Iterator<Note> notes = live.iterator();
        assertThat(notes.next()).isEqualTo(first); // the backlog
        Note second = aliceBoard.post("second");
        assertThat(notes.next()).isEqualTo(second); // live, exactly once
        Note third = bobBoard.post("third");
        assertThat(notes.next()).isEqualTo(third);
      }
      assertThat(aliceBoard.recent(10)).extracting(Note::text).containsExactly("first", "second", "third");
    }
  }

  @Test
  void anEmptyOrTooLongNoteIsTheDeclaredErrorWithItsFields() {
    try (BoardApp app = BoardApp.start("127.0.0.1", 0);
        PotoClient client = PotoClient.create("http://127.0.0.1:" + app.port())) {
      client.loginAsVisitor();
      BoardModuleClient board = new BoardModuleClient(client);
      InvalidNote e = org.junit.jupiter.api.Assertions.assertThrows(InvalidNote.class, () -> board.post("   "));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("invalid_note");
      assertThat(e.length()).isZero();
      assertThat(e.maxLength()).isEqualTo(280);
      InvalidNote tooLong = org.junit.jupiter.api.Assertions.assertThrows(InvalidNote.class,
          () -> board.post("x".repeat(281)));
      assertThat(tooLong.length()).isEqualTo(281);
      assertThat(tooLong.detail()).isEqualTo("A note needs 1 to 280 characters, got 281");
    }
  }
}
