package dev.poto.it.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stream results end to end, through the generated client: identity, framing, errors, laziness. */
class StreamResultsTest {
  static StreamServer server;

  @BeforeAll
  static void start() {
    server = new StreamServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void fiveHundredConcurrentStreamsFromOneClientAllCarryItsUserId() throws Exception {
    try (PotoClient client = server.visitor();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      StreamModuleClient streams = new StreamModuleClient(client);
      List<CompletableFuture<List<Tagged>>> calls = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> streams.tagged(3).toList(), pool));
      }
      List<Tagged> all = new ArrayList<>();
      for (CompletableFuture<List<Tagged>> call : calls) {
        List<Tagged> items = call.get(60, TimeUnit.SECONDS);
        assertThat(items).extracting(Tagged::index).containsExactly(0, 1, 2);
        all.addAll(items);
      }
      assertThat(all).hasSize(1500).allSatisfy(t -> assertThat(t.userId()).isEqualTo(client.userId()));
    }
    StreamServer.await("every stream closed", () -> server.openStreams() == 0);
  }

  @Test
  void streamsFromAHundredClientsNeverMixUpUsers() throws Exception {
    List<PotoClient> clients = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        clients.add(server.visitor());
      }
      List<CompletableFuture<Long>> mismatches = new ArrayList<>();
      for (PotoClient client : clients) {
        StreamModuleClient streams = new StreamModuleClient(client);
        String me = client.userId();
        // each client runs a Stream, an Iterator and a Publisher method at once
        for (int kind = 0; kind < 3; kind++) {
          int k = kind;
          mismatches.add(CompletableFuture.supplyAsync(() -> {
                Stream<Tagged> items = switch (k) {
                  case 0 -> streams.tagged(5);
                  case 1 -> streams.taggedIterator(5);
                  default -> streams.taggedPublisher(5);
                };
                List<Tagged> list = items.toList();
                assertThat(list).extracting(Tagged::index).containsExactly(0, 1, 2, 3, 4);
                return list.stream().filter(t -> !t.userId().equals(me)).count();
              }, pool));
        }
      }
      long total = 0;
      for (CompletableFuture<Long> m : mismatches) {
        total += m.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).as("items carrying another caller's id").isZero();
      assertThat(clients.stream().map(PotoClient::userId).distinct().count()).isEqualTo(100);
    } finally {
      clients.forEach(PotoClient::close);
    }
  }

  @Test
  void anEmptyStreamEndsCleanly() {
    try (PotoClient client = server.visitor()) {
      assertThat(new StreamModuleClient(client).empty().toList()).isEmpty();
    }
  }

  @Test
  void anErrorAfterTheFirstItemSurfacesAsTheModulesRpcException() {
    try (PotoClient client = server.visitor()) {
      List<Integer> seen = new ArrayList<>();
      assertThatThrownBy(() -> new StreamModuleClient(client).failAfterFirst().forEach(seen::add))
          .isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.code()).isEqualTo("seat_taken");
                assertThat(e.getMessage()).contains("Seat 12 was taken meanwhile");
              });
      assertThat(seen).containsExactly(1);
    }
  }

  @Test
  void fibonacciPayloadsArriveExactly() {
    try (PotoClient client = server.visitor()) {
      List<Fib> fibs = new StreamModuleClient(client).fibonacci(300).toList();
      assertThat(fibs).hasSize(300);
      BigInteger a = BigInteger.ZERO;
      BigInteger b = BigInteger.ONE;
      for (int n = 0; n < 300; n++) {
        assertThat(fibs.get(n)).isEqualTo(new Fib(n, a));
        BigInteger next = a.add(b);
        a = b;
        b = next;
      }
      // F(299) has 62 digits: far beyond long and double
      assertThat(fibs.get(299).value().toString())
          .isEqualTo("137347080577163115432025771710279131845700275212767467264610201");
    }
  }

  @Test
  void aLazilyConsumedStreamDeliversEachItemWhileTheProducerWaitsForTheNext() {
    BlockingQueue<Integer> channel = server.module.channel("lazy");
    try (PotoClient client = server.visitor();
        Stream<Integer> stream = new StreamModuleClient(client).fromChannel("lazy")) {
      Iterator<Integer> items = stream.iterator();
      for (int i = 1; i <= 5; i++) {
        channel.add(i);
        // the producer is now blocked on the next take(): item i must arrive regardless
        assertThat(items.next()).isEqualTo(i);
      }
      channel.add(-1);
      assertThat(items.hasNext()).isFalse();
    }
  }

  @Test
  void iteratorAndPublisherResultsStreamToo() {
    try (PotoClient client = server.visitor()) {
      StreamModuleClient streams = new StreamModuleClient(client);
      assertThat(streams.taggedIterator(1000).map(Tagged::index).toList())
          .isEqualTo(IntStream.range(0, 1000).boxed().toList());
      assertThat(streams.taggedPublisher(1000).map(Tagged::index).toList())
          .isEqualTo(IntStream.range(0, 1000).boxed().toList());
    }
  }
}
