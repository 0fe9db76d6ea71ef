package dev.hpr.remediator.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON text to and from Jackson's tree model with the streaming parser and generator alone: what an
 * {@code ObjectMapper}'s {@code readTree} (with {@code FAIL_ON_TRAILING_TOKENS}) and {@code writeValueAsString} do for
 * a tree, without building an {@code ObjectMapper}, whose serializer, deserializer, type and date machinery is most
 * of what JSON costs a cold start. Trees are built with {@link #NODES}; numbers read as Jackson reads them (int, long
 * or big integer; double), and a name given twice keeps its last value.
 *
 * <p>The function's one JSON stack: events, findings, logs and health metrics, and (through {@link RecordJson}) the
 * actions and plans the state table keeps. Nothing in the function builds an {@code ObjectMapper}.
 */
public final class JsonTree {

    /** Builds the nodes of every tree read here, and of the trees the function writes. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {
    }

    /**
     * One JSON value and nothing after it; empty text is a {@link MissingNode}.
     *
     * @throws JsonProcessingException when the text is not JSON, or has more after its value
     */
    public static JsonNode read(String json) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a String does not fail", e);
        }
    }

    /** Compact JSON text, as {@code ObjectMapper.writeValueAsString} writes a tree. */
    public static String write(JsonNode node) {
        var text = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a String does not fail", e);
        }
        return text.toString();
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.replace(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "Unexpected token (" + token + ")");
        }
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                generator.writeStartObject();
                for (var property : node.properties()) {
                    generator.writeFieldName(property.getKey());
                    write(generator, property.getValue());
                }
                generator.writeEndObject();
                return;
            case ARRAY:
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
                return;
            case STRING:
                generator.writeString(node.textValue());
                return;
            case NUMBER:
                writeNumber(generator, node);
                return;
            case BOOLEAN:
                generator.writeBoolean(node.booleanValue());
                return;
            case NULL:
                generator.writeNull();
                return;
            default:
                throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node");
        }
    }

    private static void writeNumber(JsonGenerator generator, JsonNode number) throws IOException {
        switch (number.numberType()) {
            case INT:
                generator.writeNumber(number.intValue());
                return;
            case LONG:
                generator.writeNumber(number.longValue());
                return;
            case BIG_INTEGER:
                generator.writeNumber(number.bigIntegerValue());
                return;
            case FLOAT:
                generator.writeNumber(number.floatValue());
                return;
            case BIG_DECIMAL:
                generator.writeNumber(number.decimalValue());
                return;
            default:
                generator.writeNumber(number.doubleValue());
        }
    }
}
