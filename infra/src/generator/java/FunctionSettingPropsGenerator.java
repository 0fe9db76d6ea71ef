import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.SettingType;

/**
 * Writes {@code dev.hpr.infra.FunctionSettingProps} from the function's settings catalog ({@link Setting}): for every
 * {@link Setting#constructProps() construct prop}, a typed builder setter documented with the catalog's meaning,
 * bounds and {@code @default}, and its accessor. Maven runs it before the infra module compiles (infra/pom.xml, the
 * {@code generate-setting-props} execution), with the function's classes on the class path; it is a single-file
 * program so that it needs no build of its own.
 *
 * <p>A prop's Java type follows the setting's type: {@code int} for a whole number, {@code double} for a decimal,
 * {@code boolean} for a flag, {@code String} for text; a one-of setting takes the enum named after the setting
 * ({@code REMEDIATION_MODE} → {@code RemediationMode}) in the function's core package or in the infra module, and
 * {@code String} when there is none.
 *
 * <p>Arguments: the output source root, the infra module's main source root.
 */
public final class FunctionSettingPropsGenerator {

    private static final String CORE_PACKAGE = "dev.hpr.remediator.core.model";
    private static final String INFRA_PACKAGE = "dev.hpr.infra";

    private final Path infraSources;

    private FunctionSettingPropsGenerator(Path infraSources) {
        this.infraSources = infraSources;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FunctionSettingPropsGenerator <output source root> "
                    + "<infra main source root>, got " + Arrays.toString(args));
        }
        Path out = Path.of(args[0]).resolve(INFRA_PACKAGE.replace('.', '/')).resolve("FunctionSettingProps.java");
        String source = new FunctionSettingPropsGenerator(Path.of(args[1])).source();
        Files.createDirectories(out.getParent());
        // Rewritten only when it changes, so that an unchanged catalog recompiles nothing.
        if (!Files.exists(out) || !Files.readString(out).equals(source)) {
            Files.writeString(out, source);
        }
    }

    /** A construct prop: its setting, the Java type it takes and the enum constant names when it is one. */
    private record Prop(Setting setting, String name, String javaType, Optional<String> enumType) {

        String boxed() {
            return switch (javaType) {
                case "int" -> "Integer";
                case "double" -> "Double";
                case "boolean" -> "Boolean";
                default -> javaType;
            };
        }
    }

    private Prop prop(Setting setting) {
        String name = setting.prop().orElseThrow();
        if (!name.matches("[a-z][A-Za-z0-9]*")) {
            throw new IllegalStateException(setting + ": a construct prop is one Java identifier, got '" + name + "'");
        }
        SettingType type = setting.type();
        if (type instanceof SettingType.IntegerRange range) {
            if (range.min() < Integer.MIN_VALUE || range.max() > Integer.MAX_VALUE) {
                throw new IllegalStateException(setting + ": bounds beyond an int, " + range);
            }
            return new Prop(setting, name, "int", Optional.empty());
        }
        if (type instanceof SettingType.DecimalAbove) {
            return new Prop(setting, name, "double", Optional.empty());
        }
        if (type instanceof SettingType.Flag) {
            return new Prop(setting, name, "boolean", Optional.empty());
        }
        if (type instanceof SettingType.OneOf) {
            Optional<String> enumType = enumNamedAfter(setting);
            return new Prop(setting, name, enumType.map(FunctionSettingPropsGenerator::simple).orElse("String"),
                    enumType);
        }
        return new Prop(setting, name, "String", Optional.empty());
    }

    /** {@code REMEDIATION_MODE} → {@code dev.hpr.remediator.core.model.RemediationMode}, or the infra module's enum. */
    private Optional<String> enumNamedAfter(Setting setting) {
        String simpleName = Arrays.stream(setting.name().toLowerCase(Locale.ROOT).split("_"))
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .reduce("", String::concat);
        try {
            Class<?> core = Class.forName(CORE_PACKAGE + "." + simpleName, false,
                    FunctionSettingPropsGenerator.class.getClassLoader());
            if (core.isEnum()) {
                return Optional.of(core.getName());
            }
        } catch (ClassNotFoundException e) {
            // not in the core: the infra module's, or none
        }
        Path infra = infraSources.resolve(INFRA_PACKAGE.replace('.', '/')).resolve(simpleName + ".java");
        return Files.isRegularFile(infra) ? Optional.of(INFRA_PACKAGE + "." + simpleName) : Optional.empty();
    }

    private String source() {
        List<Prop> props = Setting.constructProps().stream().map(this::prop).toList();
        var s = new StringBuilder();
        s.append("""
                package dev.hpr.infra;

                import java.util.EnumMap;
                import java.util.Map;

                import dev.hpr.remediator.config.Setting;
                """);
        props.stream().flatMap(p -> p.enumType().stream()).filter(t -> !t.startsWith(INFRA_PACKAGE + "."))
                .distinct().sorted().forEach(t -> s.append("import ").append(t).append(";\n"));
        s.append("""

                /**
                 * The construct props that are function settings, one per {@link Setting#constructProps()}, with their
                 * builder setters. GENERATED from the settings catalog by infra/src/generator at build time: a new
                 * setting in the catalog is a new prop here, with no edit in this module. Do not edit.
                 */
                public abstract class FunctionSettingProps {

                    private final Map<Setting, Object> functionSettings;

                    FunctionSettingProps(Builder<?> builder) {
                        this.functionSettings = FunctionSettings.copyOf(builder.functionSettings);
                    }

                    /** Each setting's value as its prop holds it ({@link #javaType}), by setting. */
                    final Map<Setting, Object> functionSettings() {
                        return functionSettings;
                    }

                    /** The Java type a setting's prop takes. */
                    static Class<?> javaType(Setting setting) {
                        return switch (setting) {
                """);
        for (Prop p : props) {
            s.append("            case ").append(p.setting().name()).append(" -> ").append(p.javaType())
                    .append(".class;\n");
        }
        List<String> others = Arrays.stream(Setting.values()).filter(x -> !Setting.constructProps().contains(x))
                .map(Setting::name).toList();
        if (!others.isEmpty()) {
            s.append("            case ").append(String.join(", ", others)).append(" ->\n");
            s.append("                    throw new IllegalArgumentException(setting + \" is no construct prop of its own\");")
                    .append('\n');
        }
        s.append("""
                        };
                    }
                """);
        for (Prop p : props) {
            s.append("\n    /** ").append(accessorDoc(p)).append(" */\n");
            s.append("    public ").append(p.javaType()).append(' ').append(p.name()).append("() {\n");
            s.append("        return (").append(p.boxed()).append(") functionSettings.get(Setting.")
                    .append(p.setting().name()).append(");\n    }\n");
        }
        s.append("""

                    /** The setters of the function settings' props; every prop starts at the catalog's default. */
                    public abstract static class Builder<B extends Builder<B>> {

                        final EnumMap<Setting, Object> functionSettings = FunctionSettings.defaults();

                        Builder() {
                        }

                        @SuppressWarnings("unchecked")
                        private B self() {
                            return (B) this;
                        }

                        /** Sets a setting's prop to a value of its {@link FunctionSettingProps#javaType}. */
                        final B functionSetting(Setting setting, Object value) {
                            Class<?> type = javaType(setting);
                            if (value != null && !FunctionSettings.boxed(type).isInstance(value)) {
                                throw new IllegalArgumentException(setting.prop().orElseThrow() + " takes a "
                                        + type.getSimpleName() + ", got " + value.getClass().getSimpleName());
                            }
                            functionSettings.put(setting, value);
                            return self();
                        }
                """);
        for (Prop p : props) {
            s.append("\n        /**\n");
            for (String line : wrap(setterDoc(p), 108)) {
                s.append("         * ").append(line).append('\n');
            }
            s.append("         *\n");
            s.append("         * @default ").append(defaultDoc(p)).append('\n');
            s.append("         */\n");
            s.append("        public B ").append(p.name()).append('(').append(p.javaType()).append(' ')
                    .append(p.name()).append(") {\n");
            s.append("            return functionSetting(Setting.").append(p.setting().name()).append(", ")
                    .append(p.name()).append(");\n        }\n");
        }
        s.append("    }\n}\n");
        return s.toString();
    }

    private static String accessorDoc(Prop p) {
        return "{@code " + p.setting().variable() + "}; see {@link Builder#" + p.name() + "}.";
    }

    /** {@code WINDOW_MINUTES}: the catalog's meaning (its bounds). */
    private static String setterDoc(Prop p) {
        Setting setting = p.setting();
        String bounds = setting.type() instanceof SettingType.OneOf oneOf && p.enumType().isPresent()
                ? "one of " + String.join(", ", oneOf.values().stream()
                        .map(v -> "{@link " + simple(p.enumType().get()) + "#" + constant(v) + "}").toList())
                : javadoc(setting.type().bounds());
        return "{@code " + setting.variable() + "}: " + javadoc(setting.meaning())
                + (bounds.isEmpty() ? "." : " (" + bounds + ").");
    }

    private static String defaultDoc(Prop p) {
        String value = p.setting().defaultValue().orElseThrow();
        if (p.enumType().isPresent()) {
            return "{@link " + simple(p.enumType().get()) + "#" + constant(value) + "}";
        }
        return "String".equals(p.javaType()) ? "{@code \"" + javadoc(value) + "\"}" : value;
    }

    /** The enum constant of a catalog word: {@code dry-run} → {@code DRY_RUN}, as the construct maps them. */
    private static String constant(String word) {
        return word.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** Markdown to Javadoc: HTML escaped, {@code `x`} as {@code {@code x}}. */
    private static String javadoc(String markdown) {
        String escaped = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*/", "*&#47;").replace("@", "&#64;");
        return escaped.replaceAll("`([^`]*)`", "{@code $1}");
    }

    private static List<String> wrap(String text, int width) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        // never inside an inline tag's reference: "{@link Type#CONSTANT}" stays on one line
        for (String word : text.replace("{@link ", "{@link\u0000").split(" ")) {
            word = word.replace('\u0000', ' ');
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
