package io.tributary.monitoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4 — what {@code /metrics}
 * serves and Prometheus scrapes. Every line must be a {@code # HELP}, a {@code # TYPE}, another
 * comment, empty, or a well-formed sample; anything else fails the parse with the line's number.
 * It also checks the rules between lines: a family's {@code TYPE} comes before its samples and only
 * once, a family's samples are not split by another family, each sample's name belongs to its
 * family's type ({@code _bucket}, {@code _sum}, {@code _count} for histograms; {@code _sum},
 * {@code _count} for summaries), histogram buckets carry {@code le} and count up to {@code _count},
 * and no series appears twice.
 *
 * <p>Used by the monitoring tests here and, through this module's test jar, by the server tests.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line: metric name, labels in order of appearance, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: its name, type, help text and samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    /** Parses a whole exposition, or throws {@link IllegalArgumentException} naming the first bad line. */
    public static PrometheusText parse(String text) {
        return new Parser().parse(text);
    }

    public Map<String, Family> families() {
        return Collections.unmodifiableMap(families);
    }

    /** Every sample, in order. */
    public List<Sample> samples() {
        return families.values().stream().flatMap(family -> family.samples().stream()).toList();
    }

    /** The names samples carry (with their {@code _total}, {@code _count}, … suffixes) and the family names. */
    public Set<String> names() {
        Set<String> names = new HashSet<>(families.keySet());
        samples().forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The samples of {@code name} whose labels include {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples().stream()
            .filter(sample -> sample.name().equals(name))
            .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    }

    /** The value of the one sample of {@code name} with exactly these labels; fails if there is none. */
    public double value(String name, Map<String, String> labels) {
        return samples().stream()
            .filter(sample -> sample.name().equals(name) && sample.labels().equals(labels))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no sample " + name + labels))
            .value();
    }

    private static final class Parser {
        private final Map<String, String> helps = new LinkedHashMap<>();
        private final Map<String, String> types = new LinkedHashMap<>();
        private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        private final Set<String> finished = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        private String current;
        private int lineNumber;

        PrometheusText parse(String text) {
            if (!text.isEmpty() && !text.endsWith("\n")) {
                throw new IllegalArgumentException("the exposition does not end with a line feed");
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length - 1; i++) {
                lineNumber = i + 1;
                String line = lines[i];
                try {
                    parseLine(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage() + ": " + line, e);
                }
            }
            Map<String, Family> families = new LinkedHashMap<>();
            Set<String> names = new java.util.LinkedHashSet<>(types.keySet());
            names.addAll(samples.keySet());
            for (String name : names) {
                List<Sample> familySamples = samples.getOrDefault(name, List.of());
                String type = types.getOrDefault(name, "untyped");
                if (type.equals("histogram")) {
                    checkHistogram(name, familySamples);
                }
                families.put(name, new Family(name, type, helps.getOrDefault(name, ""), List.copyOf(familySamples)));
            }
            return new PrometheusText(families);
        }

        private void parseLine(String line) {
            if (line.isEmpty()) {
                return;
            }
            if (line.startsWith("#")) {
                parseComment(line);
                return;
            }
            parseSample(line);
        }

        private void parseComment(String line) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 3 && parts[0].equals("#") && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                String name = parts[2];
                requireName(name);
                if (parts[1].equals("HELP")) {
                    if (helps.put(name, parts.length == 4 ? unescapeHelp(parts[3]) : "") != null) {
                        throw new IllegalArgumentException("second HELP for " + name);
                    }
                    return;
                }
                if (parts.length != 4 || !TYPES.contains(parts[3])) {
                    throw new IllegalArgumentException("TYPE needs one of " + TYPES);
                }
                if (types.containsKey(name)) {
                    throw new IllegalArgumentException("second TYPE for " + name);
                }
                if (samples.containsKey(name)) {
                    throw new IllegalArgumentException("TYPE of " + name + " after its samples");
                }
                types.put(name, parts[3]);
            }
        }

        private void parseSample(String line) {
            int position = 0;
            int nameEnd = position;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            requireName(name);
            position = nameEnd;
            Map<String, String> labels = new TreeMap<>();
            if (position < line.length() && line.charAt(position) == '{') {
                position = parseLabels(line, position + 1, labels);
            }
            if (position >= line.length() || line.charAt(position) != ' ') {
                throw new IllegalArgumentException("a space must separate the series from its value");
            }
            String[] rest = line.substring(position + 1).split(" ", -1);
            if (rest.length < 1 || rest.length > 2) {
                throw new IllegalArgumentException("a sample is a value and at most a timestamp");
            }
            double value = parseValue(rest[0]);
            if (rest.length == 2) {
                try {
                    Long.parseLong(rest[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad timestamp " + rest[1]);
                }
            }
            String family = familyOf(name, labels);
            if (!family.equals(current)) {
                if (finished.contains(family)) {
                    throw new IllegalArgumentException("samples of " + family + " are split by another family");
                }
                if (current != null) {
                    finished.add(current);
                }
                current = family;
            }
            if (!series.add(name + labels)) {
                throw new IllegalArgumentException("series " + name + labels + " appears twice");
            }
            samples.computeIfAbsent(family, f -> new ArrayList<>()).add(new Sample(name, Collections.unmodifiableMap(labels), value));
        }

        /** Parses {@code name="value",...}} from after the brace; returns the position after the closing brace. */
        private int parseLabels(String line, int position, Map<String, String> labels) {
            while (true) {
                if (position < line.length() && line.charAt(position) == '}') {
                    return position + 1;
                }
                int equals = line.indexOf('=', position);
                if (equals < 0) {
                    throw new IllegalArgumentException("a label has no value");
                }
                String label = line.substring(position, equals);
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw new IllegalArgumentException("bad label name '" + label + "'");
                }
                if (equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                    throw new IllegalArgumentException("label " + label + " is not quoted");
                }
                StringBuilder value = new StringBuilder();
                int i = equals + 2;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("label " + label + " is not closed");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char escaped = i + 1 < line.length() ? line.charAt(i + 1) : ' ';
                        switch (escaped) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException("bad escape in label " + label);
                        }
                        i += 2;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " appears twice");
                }
                position = i + 1;
                if (position < line.length() && line.charAt(position) == ',') {
                    position++;
                } else if (position >= line.length() || line.charAt(position) != '}') {
                    throw new IllegalArgumentException("labels must be separated by commas and closed by a brace");
                }
            }
        }

        /** The family a sample belongs to: its own name, or a histogram's or summary's for the suffixed series. */
        private String familyOf(String name, Map<String, String> labels) {
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (name.endsWith(suffix)) {
                    String stem = name.substring(0, name.length() - suffix.length());
                    String type = types.get(stem);
                    if ("histogram".equals(type)) {
                        if (suffix.equals("_bucket") && !labels.containsKey("le")) {
                            throw new IllegalArgumentException("a histogram bucket without le");
                        }
                        return stem;
                    }
                    if ("summary".equals(type) && !suffix.equals("_bucket")) {
                        return stem;
                    }
                }
            }
            String type = types.get(name);
            if ("histogram".equals(type)) {
                throw new IllegalArgumentException("histogram " + name + " sample without _bucket, _sum or _count");
            }
            if ("summary".equals(type) && !labels.containsKey("quantile")) {
                throw new IllegalArgumentException("summary " + name + " sample without a quantile");
            }
            return name;
        }

        private static void checkHistogram(String name, List<Sample> samples) {
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
            for (Sample sample : samples) {
                if (sample.name().equals(name + "_bucket")) {
                    Map<String, String> series = new TreeMap<>(sample.labels());
                    series.remove("le");
                    buckets.computeIfAbsent(series, s -> new ArrayList<>()).add(sample);
                } else if (sample.name().equals(name + "_count")) {
                    counts.put(sample.labels(), sample.value());
                }
            }
            buckets.forEach((series, list) -> {
                double previousBound = Double.NEGATIVE_INFINITY;
                double previousCount = 0;
                for (Sample bucket : list) {
                    double bound = parseValue(bucket.labels().get("le"));
                    if (bound <= previousBound || bucket.value() < previousCount) {
                        throw new IllegalArgumentException("buckets of " + name + series + " do not grow");
                    }
                    previousBound = bound;
                    previousCount = bucket.value();
                }
                if (previousBound != Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(name + series + " has no +Inf bucket");
                }
                Double count = counts.get(series);
                if (count == null || count != previousCount) {
                    throw new IllegalArgumentException(name + series + "_count is not its +Inf bucket");
                }
            });
        }

        private static double parseValue(String text) {
            switch (text) {
                case "+Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                case "NaN":
                    return Double.NaN;
                default:
                    if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                        throw new IllegalArgumentException("bad value " + text);
                    }
                    return Double.parseDouble(text);
            }
        }

        private static void requireName(String name) {
            if (!METRIC_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad metric name '" + name + "'");
            }
        }

        private static String unescapeHelp(String help) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < help.length(); i++) {
                char c = help.charAt(i);
                if (c == '\\' && i + 1 < help.length()) {
                    char escaped = help.charAt(++i);
                    switch (escaped) {
                        case '\\' -> text.append('\\');
                        case 'n' -> text.append('\n');
                        default -> throw new IllegalArgumentException("bad escape in HELP");
                    }
                } else {
                    text.append(c);
                }
            }
            return text.toString();
        }
    }
}
