package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.state.AlarmState;
import dev.hpr.remediator.core.state.AlarmStates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hpr.testfixtures.LocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each table's last alarm state, against the local AWS: the newest state is kept, a state older than the one recorded
 * (a late or retried delivery) is ignored, to the millisecond and whatever order concurrent deliveries arrive in; and
 * a write AWS fails is an {@link AwsCallFailed}.
 */
class DynamoDbAlarmStatesContractTest {

    private static final Instant T0 = Instant.parse("2026-11-23T03:01:12.345Z");

    private final LocalAws aws = LocalAws.shared();
    private final AlarmStates alarms = LocalStateTable.create(aws, "alarms-contract").store().alarms();

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    @Test
    void aTableNeverAlarmed_hasNoState() {
        assertEquals(Optional.empty(), alarms.alarmState("orders"));
    }

    @Test
    void aNewerState_replacesTheRecordedOne() {
        alarms.recordAlarmState("orders", new AlarmState("ALARM", T0));
        AlarmState ok = new AlarmState("OK", T0.plusSeconds(900));

        alarms.recordAlarmState("orders", ok);

        assertEquals(Optional.of(ok), alarms.alarmState("orders"));
    }

    @Test
    void anOlderState_isIgnored_evenOneMillisecondOlder() {
        AlarmState ok = new AlarmState("OK", T0.plusSeconds(900));
        alarms.recordAlarmState("orders", ok);

        alarms.recordAlarmState("orders", new AlarmState("ALARM", T0));
        alarms.recordAlarmState("orders", new AlarmState("ALARM", ok.since().minusMillis(1)));

        assertEquals(Optional.of(ok), alarms.alarmState("orders"));
    }

    @Test
    void statesAreKeptPerTable() {
        alarms.recordAlarmState("orders", new AlarmState("ALARM", T0.plusSeconds(60)));

        alarms.recordAlarmState("orders-archive", new AlarmState("OK", T0));

        assertEquals(Optional.of(new AlarmState("ALARM", T0.plusSeconds(60))), alarms.alarmState("orders"));
        assertEquals(Optional.of(new AlarmState("OK", T0)), alarms.alarmState("orders-archive"));
    }

    @Test
    void ofConcurrentDeliveries_theNewestStateIsKept() throws Exception {
        var states = new ArrayList<AlarmState>();
        for (int i = 0; i < 8; i++) {
            states.add(new AlarmState(i % 2 == 0 ? "ALARM" : "OK", T0.plusSeconds(60L * i)));
        }
        Collections.shuffle(states, new java.util.Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(states.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            var done = new ArrayList<Future<?>>();
            for (AlarmState state : states) {
                done.add(pool.submit(() -> {
                    start.await();
                    alarms.recordAlarmState("orders", state);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Optional.of(new AlarmState("OK", T0.plusSeconds(420))), alarms.alarmState("orders"));
    }

    @Test
    void aWriteAwsFails_surfacesAsAwsCallFailed_andTheRecordedStateStays() {
        alarms.recordAlarmState("orders", new AlarmState("ALARM", T0));
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"ALARM\""));

        var failed = assertThrows(AwsCallFailed.class,
                () -> alarms.recordAlarmState("orders", new AlarmState("OK", T0.plusSeconds(900))));

        assertEquals("dynamodb:PutItem", failed.operation());
        assertEquals(Optional.of(new AlarmState("ALARM", T0)), alarms.alarmState("orders"));
    }
}
