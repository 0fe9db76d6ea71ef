package dev.hpr.remediator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.json.JsonTree;
import dev.hpr.remediator.json.RecordJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Actions as the state table stores them: the journal keeps each change's action (and the restoring one while a
 * revert runs), and an approval keeps its plan's actions. One JSON object per action, {@code kind} (the record's simple
 * name) first, then its components ({@link RecordJson}); every type {@link Action} permits is known, so a new type
 * is stored without a second list. This is the format an {@code ObjectMapper} wrote before (less the resource's
 * derived {@code index}, which is ignored when read), so items written by earlier versions read back unchanged.
 *
 * <p>Built on {@link JsonTree}, the function's one JSON stack: no {@code ObjectMapper}, and primed for SnapStart by the
 * state table's own calls ({@link StateTable#prime}).
 */
public final class ActionJson {

    static final String KIND = "kind";

    private ActionJson() {
    }

    public static String write(Action action) {
        return JsonTree.write(tree(action));
    }

    /** A list of actions, each with its {@code kind}. */
    public static String writeActions(List<Action> actions) {
        ArrayNode array = JsonTree.NODES.arrayNode();
        actions.forEach(a -> array.add(tree(a)));
        return JsonTree.write(array);
    }

    /** @throws IllegalArgumentException naming what could not be read, with the JSON */
    public static Action read(String json) {
        try {
            return action(parse(json));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable action (" + e.getMessage() + "): " + json, e);
        }
    }

    /** @throws IllegalArgumentException naming what could not be read, with the JSON */
    public static List<Action> readActions(String json) {
        try {
            JsonNode root = parse(json);
            if (!root.isArray()) {
                throw new IllegalArgumentException("a list of actions is a JSON array, was " + root.getNodeType());
            }
            var actions = new ArrayList<Action>(root.size());
            root.forEach(node -> actions.add(action(node)));
            return actions;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable actions (" + e.getMessage() + "): " + json, e);
        }
    }

    private static ObjectNode tree(Action action) {
        ObjectNode object = JsonTree.NODES.objectNode();
        object.put(KIND, action.getClass().getSimpleName());
        // Every Action is a record (its permitted types are), so its components are its JSON.
        return RecordJson.tree((Record) action, object);
    }

    private static Action action(JsonNode node) {
        String kind = node.path(KIND).asText("");
        for (Class<?> type : Action.class.getPermittedSubclasses()) {
            if (type.getSimpleName().equals(kind)) {
                return (Action) RecordJson.record(node, type.asSubclass(Record.class));
            }
        }
        throw new IllegalArgumentException("no kind of action named '" + kind + "'");
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode root = JsonTree.read(json == null ? "" : json);
            if (root.isMissingNode()) {
                throw new IllegalArgumentException("empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
