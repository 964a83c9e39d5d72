package io.tributary.http.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard shipped in the monitoring module ({@code grafana/tributary-dashboard.json}),
 * read as JSON, with the PromQL of its panels and variables and the metric names that PromQL reads.
 */
final class Dashboard {
    static final String RESOURCE = "/grafana/tributary-dashboard.json";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
        "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    private final JsonNode json;

    private Dashboard(JsonNode json) {
        this.json = json;
    }

    static Dashboard load() {
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new Dashboard(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode json() {
        return json;
    }

    /** Every panel, rows included, with panels nested in collapsed rows. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The PromQL of every panel target. */
    List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The queries of the query variables ({@code label_values(metric, label)}). */
    List<String> variableQueries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : json.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("query").path("query").asText(variable.path("query").asText()));
            }
        }
        return queries;
    }

    /**
     * The metric names a PromQL expression reads: its identifiers, less label matchers, strings,
     * ranges, grouping clauses, function and aggregation names (followed by a parenthesis) and
     * keywords.
     */
    static Set<String> metricNames(String promql) {
        String text = promql
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("\\$\\w+", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group();
            boolean precededByDigit = identifier.start() > 0 && Character.isDigit(text.charAt(identifier.start() - 1));
            boolean call = text.substring(identifier.end()).stripLeading().startsWith("(");
            if (!precededByDigit && !call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric a {@code label_values(metric, label)} variable reads. */
    static Set<String> variableMetricNames(String query) {
        Matcher matcher = LABEL_VALUES.matcher(query);
        return matcher.find() ? Set.of(matcher.group(1)) : metricNames(query);
    }

    /** The expression as Prometheus would get it from Grafana: variables replaced by values. */
    static String resolved(String promql, String stream) {
        return promql.replace("$__rate_interval", "1m").replace("$stream", stream);
    }
}
