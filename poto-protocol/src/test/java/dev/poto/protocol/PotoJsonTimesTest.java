package dev.poto.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire forms docs/TYPES.md promises for dates, times and floating point edges, both ways. */
class PotoJsonTimesTest {
  private static final ObjectMapper MAPPER = PotoJson.newMapper();

  private static void roundTrips(Object value, String json) throws Exception {
    assertThat(MAPPER.writeValueAsString(value)).isEqualTo(json);
    assertThat(MAPPER.readValue(json, value.getClass())).isEqualTo(value);
  }

  @Test
  void javaTimeValuesKeepNanosecondsOffsetsAndZones() throws Exception {
    roundTrips(Instant.parse("2024-03-31T01:30:15.123456789Z"), "\"2024-03-31T01:30:15.123456789Z\"");
    roundTrips(OffsetDateTime.parse("2024-03-31T02:30:15.000000001+14:00"), "\"2024-03-31T02:30:15.000000001+14:00\"");
    roundTrips(ZonedDateTime.parse("2024-03-31T03:30:15.5+02:00[Europe/Paris]"), "\"2024-03-31T03:30:15.5+02:00[Europe/Paris]\"");
    roundTrips(LocalDateTime.parse("2024-03-31T02:30:00"), "\"2024-03-31T02:30:00\"");
    roundTrips(LocalDate.parse("2024-02-29"), "\"2024-02-29\"");
    roundTrips(LocalTime.parse("23:59:59.999999999"), "\"23:59:59.999999999\"");
    roundTrips(Duration.parse("PT48H0.000000001S"), "\"PT48H0.000000001S\"");
    roundTrips(Period.parse("P1Y-2M3D"), "\"P1Y-2M3D\"");
    roundTrips(Year.of(2024), "\"2024\"");
    roundTrips(YearMonth.of(2024, 2), "\"2024-02\"");
    assertThat(MAPPER.writeValueAsString(ZoneId.of("Europe/Paris"))).isEqualTo("\"Europe/Paris\"");
    assertThat(MAPPER.readValue("\"Europe/Paris\"", ZoneId.class)).isEqualTo(ZoneId.of("Europe/Paris"));
    roundTrips(new Date(-1), "\"1969-12-31T23:59:59.999+00:00\"");
    assertThat(MAPPER.readValue("\"1969-12-31T23:59:59.999Z\"", Date.class)).isEqualTo(new Date(-1));
  }

  @Test
  void aZonedDateTimeWhoseOffsetIsNotItsRegionsIsRefusedNotMoved() throws Exception {
    // Both offsets of the autumn overlap are the region's: each reads back as written.
    roundTrips(ZonedDateTime.parse("2024-10-27T02:30+01:00[Europe/Paris]"), "\"2024-10-27T02:30:00+01:00[Europe/Paris]\"");
    roundTrips(ZonedDateTime.parse("2024-10-27T02:30+02:00[Europe/Paris]"), "\"2024-10-27T02:30:00+02:00[Europe/Paris]\"");
    roundTrips(ZonedDateTime.parse("2024-06-01T00:00+03:00[Etc/GMT-3]"), "\"2024-06-01T00:00:00+03:00[Etc/GMT-3]\"");
    // java.time kept the instant and moved the wall-clock time (to 21:00+02:00 the day before, ...).
    for (String text : List.of("\"2024-06-01T00:00:00+05:00[Europe/Paris]\"", "\"2024-06-01T00:00:00+02:00[UTC]\"",
        "\"2024-03-31T02:30:00+01:00[Europe/Paris]\"", "\"2024-01-01T00:00:00Z[Europe/Paris]\"")) {
      assertThatThrownBy(() -> MAPPER.readValue(text, ZonedDateTime.class)).as(text)
          .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class).hasMessageContaining("is not the offset of");
    }
  }

  @Test
  void aLeapSecondIsRefusedNotMovedToTheSecondBefore() throws Exception {
    for (String text : List.of("\"2016-12-31T23:59:60Z\"", "\"2016-12-31T23:59:60.5Z\"", "\"2016-12-31T23:59:60+00:00\"")) {
      assertThatThrownBy(() -> MAPPER.readValue(text, Instant.class)).as(text)
          .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class).hasMessageContaining("leap second");
    }
    assertThat(MAPPER.readValue("\"2016-12-31T23:59:59.999999999Z\"", Instant.class))
        .isEqualTo(Instant.parse("2016-12-31T23:59:59.999999999Z"));
  }

  @Test
  void floatingPointEdgesAreNumbersOrJacksonsStrings() throws Exception {
    assertThat(MAPPER.writeValueAsString(List.of(-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
        .isEqualTo("[-0.0,\"NaN\",\"Infinity\",\"-Infinity\"]");
    assertThat(MAPPER.readValue("-0.0", double.class)).isEqualTo(-0.0);
    assertThat(Double.doubleToRawLongBits(MAPPER.readValue("-0.0", double.class))).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }
}
