package dev.hpr.remediator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.state.ForecastNote;
import dev.hpr.remediator.core.state.ForecastNotes;
import dev.hpr.testfixtures.LocalAws;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the forecast last said of a table, against the local AWS: nothing before the first run, the notes read back as
 * kept (a plan id or none), a second keep replaces the first whole, tables do not share notes, and a read or write AWS
 * fails is an {@link AwsCallFailed}.
 */
class DynamoDbForecastNotesContractTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00.123Z");

    private final LocalAws aws = LocalAws.shared();
    private final ForecastNotes notes = LocalStateTable.create(aws, "forecast-notes-contract").store().forecastNotes();

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    @Test
    void aTableNeverForecast_hasNoNotes() {
        assertTrue(notes.notes("orders").isEmpty());
    }

    @Test
    void notes_readBackAsKept_withAndWithoutAPlan() {
        var kept = Map.of(
                ForecastNote.key("orders", "write", "schedule"),
                new ForecastNote("put hpr-forecast-write-daily-0900-raise cron(44 8 * * ? *) 1527", Optional.empty(), T0),
                ForecastNote.key("orders/index/by-day", "read", "maxCapacity"),
                new ForecastNote("raise MaxCapacity 40000 -> 60000", Optional.of("7d1c0e4e-plan"), T0.plusSeconds(5)));

        notes.keepNotes("orders", kept);

        assertEquals(kept, notes.notes("orders"));
    }

    @Test
    void aSecondKeep_replacesTheFirstWhole_andAnEmptyOneForgets() {
        notes.keepNotes("orders", Map.of("a", new ForecastNote("one", Optional.empty(), T0),
                "b", new ForecastNote("two", Optional.empty(), T0)));
        var second = Map.of("b", new ForecastNote("three", Optional.of("p"), T0.plusSeconds(86_400)));

        notes.keepNotes("orders", second);
        assertEquals(second, notes.notes("orders"));

        notes.keepNotes("orders", Map.of());
        assertTrue(notes.notes("orders").isEmpty());
    }

    @Test
    void tables_doNotShareNotes() {
        notes.keepNotes("orders", Map.of("a", new ForecastNote("one", Optional.empty(), T0)));

        assertTrue(notes.notes("trades").isEmpty());
    }

    @Test
    void aFailedReadOrWrite_isAnAwsCallFailed() {
        aws.failNext("dynamodb:GetItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"FORECAST\""));
        assertThrows(AwsCallFailed.class, () -> notes.notes("orders"));
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"FORECAST\""));
        assertThrows(AwsCallFailed.class, () -> notes.keepNotes("orders", Map.of()));
    }
}
