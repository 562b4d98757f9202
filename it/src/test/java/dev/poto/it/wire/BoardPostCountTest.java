package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.it.core.Concurrently;
import dev.poto.protocol.RpcException;
import dev.poto.samples.board.BoardApp;
import dev.poto.samples.board.BoardModuleClient;
import org.junit.jupiter.api.Test;

/** The sample counts each visitor's posts in the session, with an atomic update per post. */
class BoardPostCountTest {

  @Test
  void concurrentPostsOfOneVisitorAllCountAndOnlyForThatVisitor() {
    try (BoardApp app = BoardApp.start("127.0.0.1", 0);
        PotoClient alice = PotoClient.create("http://127.0.0.1:" + app.port());
        PotoClient bob = PotoClient.create("http://127.0.0.1:" + app.port())) {
      alice.loginAsVisitor();
      bob.loginAsVisitor();
      BoardModuleClient aliceBoard = new BoardModuleClient(alice);
      BoardModuleClient bobBoard = new BoardModuleClient(bob);
      assertThat(aliceBoard.myPosts()).isZero();

      Concurrently.run(50, i -> aliceBoard.post("note " + i)); // several tabs posting at once
      bobBoard.post("one from bob");
      assertThatThrownBy(() -> aliceBoard.post("  ")).isInstanceOf(RpcException.class);

      assertThat(aliceBoard.myPosts()).as("every accepted post counted, the refused one not").isEqualTo(50);
      assertThat(bobBoard.myPosts()).isEqualTo(1);
    }
  }
}
