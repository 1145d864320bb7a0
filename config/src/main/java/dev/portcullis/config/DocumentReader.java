package dev.portcullis.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads JSON or YAML with Jackson's streaming parser into a {@link Doc} tree that keeps each token's position.
 * Syntax errors end the read (nothing after them can be trusted); duplicate keys are recorded and reading goes on.
 */
final class DocumentReader {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 32;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL) // "key:" with nothing after it is null, as YAML says
            // YAML 1.1 reads yes/no/on/off as booleans, which turns a host named "no" into false.
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final Pattern SOURCE_REF = Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]");

    private final String source;
    private final Problems problems;

    DocumentReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    /** The root node; throws for syntax errors, empty documents and more than one YAML document. */
    Doc read(byte[] content, Format format) throws ConfigException {
        if (content.length > MAX_BYTES) {
            throw fatal(null, "file is " + content.length + " bytes; the limit is " + MAX_BYTES);
        }
        try (JsonParser p = (format == Format.JSON ? JSON : YAML).createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw fatal(new Position(source, 1, 1), "empty document; write {} to use every default");
            }
            Doc root = value(p, "", 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw fatal(pos(p.currentTokenLocation()), format == Format.YAML
                        ? "only one YAML document is allowed per file"
                        : "unexpected content after the top-level value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntax(e, format);
        } catch (IOException e) {
            throw fatal(null, "cannot read: " + e.getMessage());
        }
    }

    private Doc value(JsonParser p, String pointer, int depth) throws IOException, ConfigException {
        Position at = pos(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw fatal(at, "nesting is deeper than " + MAX_DEPTH + " levels");
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw fatal(at, "YAML aliases (*" + p.getText() + ") are not supported; write the value out");
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> object(p, at, pointer, depth);
            case START_ARRAY -> array(p, at, pointer, depth);
            case VALUE_STRING -> new Doc.Scalar(at, Doc.Kind.STRING, p.getText(), null);
            case VALUE_NUMBER_INT -> new Doc.Scalar(at, Doc.Kind.INTEGER, p.getText(), p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> new Doc.Scalar(at, Doc.Kind.FLOAT, p.getText(), null);
            case VALUE_TRUE, VALUE_FALSE -> new Doc.Scalar(at, Doc.Kind.BOOLEAN, p.getText(), null);
            case VALUE_NULL -> new Doc.Scalar(at, Doc.Kind.NULL, p.getText(), null);
            default -> throw fatal(at, "unsupported value (" + t + ")");
        };
    }

    private Doc object(JsonParser p, Position at, String pointer, int depth) throws IOException, ConfigException {
        List<Doc.Field> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Position keyPos = pos(p.currentTokenLocation());
            String child = pointer + "/" + Problems.token(key);
            p.nextToken();
            Doc v = value(p, child, depth + 1);
            Doc.Field earlier = fields.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
            if (earlier != null) {
                problems.add(keyPos, child, "duplicate key '" + Problems.clip(key) + "' (first set at line "
                        + earlier.keyPos().line() + ")");
            } else {
                fields.add(new Doc.Field(key, keyPos, v));
            }
        }
        return new Doc.Obj(at, List.copyOf(fields));
    }

    private Doc array(JsonParser p, Position at, String pointer, int depth) throws IOException, ConfigException {
        List<Doc> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(p, pointer + "/" + items.size(), depth + 1));
        }
        return new Doc.Arr(at, List.copyOf(items));
    }

    private Position pos(JsonLocation l) {
        return new Position(source, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private ConfigException syntax(JsonProcessingException e, Format format) {
        // SnakeYAML knows the exact mark of the problem (Jackson's location can lag behind it) and a short text.
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String context = m.getContext() == null || m.getContextMark() == null ? ""
                        : " (" + m.getContext() + " started at line " + (m.getContextMark().getLine() + 1) + ")";
                Position at = new Position(source, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
                return fatal(at, "invalid YAML: " + m.getProblem() + context);
            }
        }
        String msg = SOURCE_REF.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("line $1, column $2");
        JsonLocation l = e.getLocation();
        Position at = l == null ? null : pos(l);
        return fatal(at, "invalid " + format + ": " + msg.replace('\n', ' '));
    }

    private ConfigException fatal(Position at, String message) {
        problems.add(at, null, message);
        return problems.toException();
    }
}
