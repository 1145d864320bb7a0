package dev.portcullis.e2e.ops;

/** Small policy documents for the reload tests: generation {@code n} blocks exactly the path {@code /p<n>}. */
final class Policies {
    private Policies() {
    }

    static String generation(int n) {
        return """
                {"rules": [
                  {"id": "gen-%d", "name": "generation %d", "precedence": 10, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path == \\"/p%d\\""}
                ],
                "settings": {"default_action": "allow"}}
                """.formatted(n, n, n);
    }

    /** Parses but does not type-check: an unknown field, with a position the admin API must report. */
    static final String BROKEN = """
            {"rules": [
              {"id": "bad", "name": "bad", "precedence": 10, "action": "block", "filters": ["http"],
               "traffic": "http.request.no_such_field == \\"x\\""}
            ],
            "settings": {"default_action": "allow"}}
            """;
}
