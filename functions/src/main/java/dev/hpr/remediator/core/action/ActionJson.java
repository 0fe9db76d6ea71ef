package dev.hpr.remediator.core.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.List;

/**
 * Actions (and the values that hold them, such as plans) as JSON: the audit trail stores an applied action this way,
 * and an approval stores its plan. Every type {@link Action} permits is registered, so a new type serialises without
 * a second list; its JSON names its type in {@code kind}.
 */
public final class ActionJson {

    /** Shared and thread-safe once built. */
    public static final ObjectMapper MAPPER = mapper();

    /** A list of actions, each naming its type. */
    public static final com.fasterxml.jackson.core.type.TypeReference<List<Action>> ACTIONS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.registerSubtypes(Action.class.getPermittedSubclasses());
        return mapper;
    }

    private ActionJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A list of actions as JSON, each with its {@code kind} (written as a list of {@link Action}, not of objects). */
    public static String writeActions(List<Action> actions) {
        try {
            return MAPPER.writerFor(ACTIONS).writeValueAsString(actions);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + actions + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A generic value, such as a list of actions. @throws IllegalArgumentException naming what could not be read */
    public static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable JSON (" + e.getOriginalMessage() + "): " + json, e);
        }
    }

    /** @throws IllegalArgumentException naming what could not be read */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + type.getSimpleName() + " JSON (" + e.getOriginalMessage()
                    + "): " + json, e);
        }
    }
}
