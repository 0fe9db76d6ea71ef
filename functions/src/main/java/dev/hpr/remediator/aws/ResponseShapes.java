package dev.hpr.remediator.aws;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Builds a response the way the SDK's unmarshaller does, through the model's own field metadata ({@link SdkPojo}):
 * every structure, list member and map value it can hold, once each and empty, so that their classes are loaded and
 * initialised (SnapStart priming). No value is written by hand: the shapes come from the SDK model.
 */
final class ResponseShapes {

    private final Set<Class<?>> built = new HashSet<>();

    private ResponseShapes() {
    }

    /** The response {@code builder} builds, with each nested shape present once. */
    static Object build(SdkPojo builder) {
        return new ResponseShapes().structure(builder);
    }

    private Object structure(SdkPojo builder) {
        if (built.add(builder.getClass())) {
            for (SdkField<?> field : builder.sdkFields()) {
                Object value = value(field);
                if (value != null) {
                    field.set(builder, value);
                }
            }
        }
        return ((SdkBuilder<?, ?>) builder).build();
    }

    /** A nested value of this field's shape, or null for a scalar (or a shape already built: recursive models). */
    private Object value(SdkField<?> field) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            SdkPojo nested = field.constructor().get();
            return built.contains(nested.getClass()) ? null : structure(nested);
        }
        if (type == MarshallingType.LIST) {
            Object member = value(field.getRequiredTrait(ListTrait.class).memberFieldInfo());
            return member == null ? null : List.of(member);
        }
        if (type == MarshallingType.MAP) {
            Object member = value(field.getRequiredTrait(MapTrait.class).valueFieldInfo());
            return member == null ? null : Map.of("priming", member);
        }
        return null;
    }
}
