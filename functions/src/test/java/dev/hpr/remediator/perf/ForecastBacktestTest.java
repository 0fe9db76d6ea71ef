package dev.hpr.remediator.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The backtest runner prints one row per trace, for 2 and for 3 breaching datapoints. */
class ForecastBacktestTest {

    @Test
    void table_listsEveryTraceAndWhatWasScheduled_forBothAlarmLengths() {
        // when
        String table = ForecastBacktest.table();

        // then
        assertEquals(2, table.split("Forecast backtest: ", -1).length - 1, table);
        for (String trace : new String[] {"daily 09:00-09:30 write peak", "weekday 13:00-14:00 write peak",
                "flat table", "one-off spike"}) {
            assertEquals(2, table.split(trace, -1).length - 1, trace + " in\n" + table);
        }
        assertTrue(table.contains("nothing (NO_PEAK)") && table.contains("nothing (NOT_RECURRING)"), table);
        assertTrue(table.contains("? * MON-FRI *)"), table);
    }
}
