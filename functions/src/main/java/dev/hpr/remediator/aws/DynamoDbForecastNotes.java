package dev.hpr.remediator.aws;

import static dev.hpr.remediator.aws.StateTable.av;

import dev.hpr.remediator.core.state.ForecastNote;
import dev.hpr.remediator.core.state.ForecastNotes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code TABLE#<table>} / {@code FORECAST}: what the forecast last said of the table, a map {@code notes} from
 * {@link ForecastNote#key} to {@code {said, at, planId?}}. One item a table, rewritten whole by the table's forecast
 * run (which holds the table's lock).
 */
final class DynamoDbForecastNotes implements ForecastNotes {

    private final StateTable table;

    DynamoDbForecastNotes(StateTable table) {
        this.table = table;
    }

    @Override
    public Map<String, ForecastNote> notes(String name) {
        Map<String, AttributeValue> item = table.get("TABLE#" + name, "FORECAST");
        var notes = new TreeMap<String, ForecastNote>();
        AttributeValue all = item.get("notes");
        if (all == null || !all.hasM()) {
            return notes;
        }
        all.m().forEach((key, value) -> {
            Map<String, AttributeValue> note = value.m();
            AttributeValue plan = note.get("planId");
            notes.put(key, new ForecastNote(note.get("said").s(), Optional.ofNullable(plan).map(AttributeValue::s),
                    Instant.parse(note.get("at").s())));
        });
        return notes;
    }

    @Override
    public void keepNotes(String name, Map<String, ForecastNote> notes) {
        var map = new TreeMap<String, AttributeValue>();
        notes.forEach((key, note) -> {
            var m = new TreeMap<String, AttributeValue>();
            m.put("said", av(note.said()));
            m.put("at", av(note.at().toString()));
            note.planId().ifPresent(p -> m.put("planId", av(p)));
            map.put(key, AttributeValue.builder().m(m).build());
        });
        table.put(Map.of("pk", av("TABLE#" + name), "sk", av("FORECAST"),
                "notes", AttributeValue.builder().m(map).build()));
    }
}
