package dev.hpr.remediator.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.forecast.CronSchedule;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the forecast says of a proposal, and when two runs say the same: a raise may drift within 10% as the 14-day
 * window slides without being news; another action, another day or a restore to another MinCapacity is news.
 */
class ForecastSpeechSaidTest {

    private static List<ScheduledMinCapacity> schedule(int raise, int restore, String restoreName) {
        return List.of(
                new ScheduledMinCapacity("hpr-forecast-write-daily-0900-raise", CronSchedule.everyDay(LocalTime.of(8,
                        44)), raise, ScheduledMinCapacity.Step.RAISE),
                new ScheduledMinCapacity(restoreName, CronSchedule.everyDay(LocalTime.of(9, 30)), restore,
                        ScheduledMinCapacity.Step.RESTORE));
    }

    @Test
    void aSchedule_isSaidByNames_withTheRaiseAsAValue_andTheRestoreExact() {
        assertEquals("hpr-forecast-write-daily-0900-raise=715; hpr-forecast-write-daily-0900-restore MinCapacity 5",
                ForecastSpeech.saidOf(schedule(715, 5, "hpr-forecast-write-daily-0900-restore")));
    }

    @Test
    void aRaiseWithin10Percent_isTheSameProposal_beyondItIsNews() {
        String announced = ForecastSpeech.saidOf(schedule(715, 5, "hpr-forecast-write-daily-0900-restore"));

        assertTrue(ForecastSpeech.sameProposal(announced,
                ForecastSpeech.saidOf(schedule(780, 5, "hpr-forecast-write-daily-0900-restore"))), "+9%");
        assertTrue(ForecastSpeech.sameProposal(announced,
                ForecastSpeech.saidOf(schedule(650, 5, "hpr-forecast-write-daily-0900-restore"))), "-9%");
        assertFalse(ForecastSpeech.sameProposal(announced,
                ForecastSpeech.saidOf(schedule(800, 5, "hpr-forecast-write-daily-0900-restore"))), "+12%");
        assertFalse(ForecastSpeech.sameProposal(announced,
                ForecastSpeech.saidOf(schedule(715, 6, "hpr-forecast-write-daily-0900-restore"))),
                "the restore is the table's own MinCapacity: exact");
        assertFalse(ForecastSpeech.sameProposal(announced,
                ForecastSpeech.saidOf(schedule(715, 5, "hpr-forecast-write-daily-0915-restore"))), "another action");
        assertFalse(ForecastSpeech.sameProposal(announced, ForecastSpeech.saidOf(schedule(715, 5,
                "hpr-forecast-write-daily-0900-restore").subList(0, 1))), "one action fewer");
    }

    @Test
    void aValuedRaise_comparesByValue_andAnythingElseExactly() {
        String max = ForecastSpeech.valued("MaxCapacity of table orders write", 1000);
        assertTrue(ForecastSpeech.sameProposal(max, ForecastSpeech.valued("MaxCapacity of table orders write", 1090)));
        assertFalse(ForecastSpeech.sameProposal(max, ForecastSpeech.valued("MaxCapacity of table orders read", 1000)));
        assertTrue(ForecastSpeech.sameProposal("remove a", "remove a"));
        assertFalse(ForecastSpeech.sameProposal("remove a", "remove b"));
    }
}
