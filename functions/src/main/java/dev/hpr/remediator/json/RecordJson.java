package dev.hpr.remediator.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A record as a JSON tree ({@link JsonTree}) and back, one property per record component, named as the component:
 * strings, booleans, ints, longs, doubles, enums (by name), {@code Optional} and {@code OptionalInt} ({@code null} when
 * empty) and nested records. What an {@code ObjectMapper} writes for such a record, without building one: the same
 * property names and values, in the components' order. Read back through the canonical constructor, so a record's
 * own checks hold for what is read. A component of another type is refused when written or read, naming it.
 *
 * <p>Reading is lenient where stored JSON may be older than the record: a property it does not know is ignored, a
 * missing or {@code null} optional is empty, and a missing boolean is {@code false} (a flag added later). Any other
 * missing property is refused, naming it.
 */
public final class RecordJson {

    private RecordJson() {
    }

    /** The record's components as an object's properties. */
    public static ObjectNode tree(Record record) {
        return tree(record, JsonTree.NODES.objectNode());
    }

    /** Adds the record's components to {@code object}, after what it already holds. */
    public static ObjectNode tree(Record record, ObjectNode object) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read " + record.getClass().getSimpleName() + "."
                        + component.getName() + ": " + e, e);
            }
            object.set(component.getName(), node(value, record.getClass(), component.getName()));
        }
        return object;
    }

    private static JsonNode node(Object value, Class<?> owner, String name) {
        if (value == null) {
            return JsonTree.NODES.nullNode();
        } else if (value instanceof String s) {
            return JsonTree.NODES.textNode(s);
        } else if (value instanceof Boolean b) {
            return JsonTree.NODES.booleanNode(b);
        } else if (value instanceof Integer i) {
            return JsonTree.NODES.numberNode(i);
        } else if (value instanceof Long l) {
            return JsonTree.NODES.numberNode(l);
        } else if (value instanceof Double d) {
            return JsonTree.NODES.numberNode(d);
        } else if (value instanceof Enum<?> e) {
            return JsonTree.NODES.textNode(e.name());
        } else if (value instanceof Optional<?> o) {
            return o.isPresent() ? node(o.get(), owner, name) : JsonTree.NODES.nullNode();
        } else if (value instanceof OptionalInt o) {
            return o.isPresent() ? JsonTree.NODES.numberNode(o.getAsInt()) : JsonTree.NODES.nullNode();
        } else if (value instanceof Record r) {
            return tree(r);
        }
        throw new IllegalArgumentException("no JSON for " + owner.getSimpleName() + "." + name + " of type "
                + value.getClass().getName());
    }

    /**
     * The record of {@code type} that {@code object} holds.
     *
     * @throws IllegalArgumentException naming the property that is missing or of the wrong type, or why the record
     *                                  refused the values
     */
    public static <R extends Record> R record(JsonNode object, Class<R> type) {
        if (!object.isObject()) {
            throw new IllegalArgumentException(type.getSimpleName() + " must be a JSON object, was "
                    + object.getNodeType());
        }
        RecordComponent[] components = type.getRecordComponents();
        var types = new Class<?>[components.length];
        var args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            args[i] = value(object.get(component.getName()), component.getGenericType(), type, component.getName());
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " refused " + object + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build a " + type.getSimpleName() + ": " + e, e);
        }
    }

    private static Object value(JsonNode node, Type type, Class<?> owner, String name) {
        boolean absent = node == null || node.isNull();
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            return absent ? Optional.empty() : Optional.of(value(node, p.getActualTypeArguments()[0], owner, name));
        }
        if (type == OptionalInt.class) {
            return absent ? OptionalInt.empty() : OptionalInt.of(number(node, owner, name).intValue());
        }
        if (absent) {
            if (type == boolean.class) {
                return false;
            }
            throw new IllegalArgumentException(owner.getSimpleName() + "." + name + " is missing");
        }
        if (type == String.class) {
            if (!node.isTextual()) {
                throw wrong(owner, name, "text", node);
            }
            return node.textValue();
        } else if (type == boolean.class || type == Boolean.class) {
            if (!node.isBoolean()) {
                throw wrong(owner, name, "true or false", node);
            }
            return node.booleanValue();
        } else if (type == int.class || type == Integer.class) {
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw wrong(owner, name, "an int", node);
            }
            return node.intValue();
        } else if (type == long.class || type == Long.class) {
            if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                throw wrong(owner, name, "a long", node);
            }
            return node.longValue();
        } else if (type == double.class || type == Double.class) {
            return number(node, owner, name).doubleValue();
        } else if (type instanceof Class<?> c && c.isEnum()) {
            if (!node.isTextual()) {
                throw wrong(owner, name, "one of the names of " + c.getSimpleName(), node);
            }
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(node.textValue())) {
                    return constant;
                }
            }
            throw wrong(owner, name, "one of the names of " + c.getSimpleName(), node);
        } else if (type instanceof Class<?> c && c.isRecord()) {
            return record(node, c.asSubclass(Record.class));
        }
        throw new IllegalArgumentException("no JSON for " + owner.getSimpleName() + "." + name + " of type " + type);
    }

    private static Number number(JsonNode node, Class<?> owner, String name) {
        if (!node.isNumber()) {
            throw wrong(owner, name, "a number", node);
        }
        return node.numberValue();
    }

    private static IllegalArgumentException wrong(Class<?> owner, String name, String expected, JsonNode node) {
        return new IllegalArgumentException(owner.getSimpleName() + "." + name + " must be " + expected + ", was "
                + node);
    }
}
