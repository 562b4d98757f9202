package dev.poto.it.errors;

import static dev.poto.it.core.RawHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.client.PotoClient;
import dev.poto.it.core.RawHttp;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Declared errors over real HTTP: problem+json with the error's code, status and fields as extension
 * members; the generated Java client rethrows the same class with the same fields; an undeclared one
 * is a 500 that tells nothing.
 */
class DeclaredErrorsOverHttpTest {
  private static PotoServer server;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    server = PotoServer.builder().host("127.0.0.1").port(0).module(new ErrorsModule())
        .jwt(jwt -> jwt.secret("declared-errors-secret-0123456789abcdef")).build().start();
    raw = new RawHttp(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static PotoClient client() {
    return PotoClient.create("http://127.0.0.1:" + server.port());
  }

  @Test
  void wireCarriesCodeStatusMessageAndFieldsAsExtensionMembers() {
    JsonNode problem = assertProblem(raw.post("/poto/errors/note", "{\"id\":42}", null), 404, "note_not_found");
    assertThat(problem.path("detail").asText()).isEqualTo("No note 42");
    assertThat(problem.path("noteId").isIntegralNumber()).isTrue();
    assertThat(problem.path("noteId").asLong()).isEqualTo(42);

    JsonNode quota = assertProblem(raw.post("/poto/errors/spend",
        "{\"limit\":2147483647,\"used\":0.1000000000000000055511151231257827,\"resetsAt\":\"2026-11-30T23:59:59.123456789-03:30\","
            + "\"owners\":[\"ada\",\"\"],\"plan\":null}", null), 429, "quota_exceeded");
    assertThat(quota.path("limit").asInt()).isEqualTo(Integer.MAX_VALUE);
    assertThat(raw.post("/poto/errors/spend",
        "{\"limit\":1,\"used\":0.1000000000000000055511151231257827,\"resetsAt\":\"2026-11-30T23:59:59Z\",\"owners\":[]}",
        null).body()).contains("\"used\":\"0.1000000000000000055511151231257827\""); // as results carry BigDecimal
    assertThat(quota.path("resetsAt").asText()).isEqualTo("2026-11-30T23:59:59.123456789-03:30");
    assertThat(quota.path("owners").toString()).isEqualTo("[\"ada\",\"\"]");
    assertThat(quota.has("plan")).as("a null field is sent as null, not dropped").isTrue();
    assertThat(quota.path("plan").isNull()).isTrue();
  }

  @Test
  void javaClientRethrowsTheDeclaredClassWithItsFields() {
    try (PotoClient poto = client()) {
      ErrorsModuleClient errors = new ErrorsModuleClient(poto);
      assertThat(errors.note(ErrorsModule.KNOWN_NOTE)).isEqualTo("note 1");
      NoteNotFound notFound = catchThrowableOfType(NoteNotFound.class, () -> errors.note(Long.MIN_VALUE));
      assertThat(notFound.noteId()).isEqualTo(Long.MIN_VALUE);
      assertThat(notFound.code()).isEqualTo("note_not_found");
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.requestId()).isNotBlank();

      OffsetDateTime resetsAt = OffsetDateTime.parse("2026-11-30T23:59:59.123456789-03:30");
      BigDecimal used = new BigDecimal("-0.00000000000000000000000000012345678901234567890");
      QuotaExceeded quota = catchThrowableOfType(QuotaExceeded.class,
          () -> errors.spend(Integer.MIN_VALUE, used, resetsAt, List.of("ada", "", "\u00e9\ud83d\ude00"), "pro"));
      assertThat(quota.limit()).isEqualTo(Integer.MIN_VALUE);
      assertThat(quota.used()).isEqualTo(used); // same digits and scale
      assertThat(quota.resetsAt()).isEqualTo(resetsAt); // nanoseconds and offset kept
      assertThat(quota.owners()).containsExactly("ada", "", "\u00e9\ud83d\ude00");
      assertThat(quota.plan()).isEqualTo("pro");
      QuotaExceeded noPlan = catchThrowableOfType(QuotaExceeded.class,
          () -> errors.spend(0, BigDecimal.ZERO, resetsAt, List.of(), null));
      assertThat(noPlan.plan()).isNull();
    }
  }

  @Test
  void aStreamMethodThatFailsBeforeItStartsAnswersItsDeclaredError() {
    try (PotoClient poto = client()) {
      ErrorsModuleClient errors = new ErrorsModuleClient(poto);
      try (Stream<String> lines = errors.lines(ErrorsModule.KNOWN_NOTE)) {
        assertThat(lines.toList()).containsExactly("a", "b");
      }
      NoteNotFound notFound = catchThrowableOfType(NoteNotFound.class, () -> errors.lines(9).close());
      assertThat(notFound.noteId()).isEqualTo(9);
    }
  }

  @Test
  void aDeclaredErrorRaisedWhileStreamingIsA500NeverAProblemWithoutItsFields() {
    try (PotoClient poto = client(); Stream<String> lines = new ErrorsModuleClient(poto).brokenLines(5)) {
      assertThatThrownBy(lines::toList)
          .isExactlyInstanceOf(RpcException.class)
          .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(ProblemCodes.INTERNAL_ERROR));
    }
  }

  @Test
  void anUndeclaredDomainErrorIsA500WithoutDetails() {
    JsonNode problem = assertProblem(raw.post("/poto/errors/undeclared", "{\"secret\":\"s3cr3t\"}", null), 500,
        ProblemCodes.INTERNAL_ERROR);
    assertThat(problem.toString()).doesNotContain("s3cr3t").doesNotContain("unlisted").doesNotContain("secret\":");
    try (PotoClient poto = client()) {
      assertThatThrownBy(() -> new ErrorsModuleClient(poto).undeclared("x"))
          .isExactlyInstanceOf(RpcException.class)
          .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(ProblemCodes.INTERNAL_ERROR));
    }
  }

  @Test
  void aDeclaredErrorWhoseRequiredFieldIsNullIsA500NotANullField() {
    JsonNode problem = assertProblem(raw.post("/poto/errors/spend",
        "{\"limit\":1,\"used\":1,\"resetsAt\":\"2026-11-30T23:59:59Z\",\"owners\":null}", null), 500,
        ProblemCodes.INTERNAL_ERROR);
    assertThat(problem.has("owners")).isFalse();
  }
}
