package dev.portcullis.proxy.upstream;

/**
 * DNS host name syntax: letters, digits and hyphens (RFC 1123), plus underscores because real hosts use them.
 * Length limits are RFC 1035's 63 per label and 253 for the whole name written without its trailing dot.
 */
final class HostLiteralName {

    static final int MAX_NAME = 253;
    static final int MAX_LABEL = 63;

    private HostLiteralName() {
    }

    /** Why {@code name} (ASCII, trailing dot removed) is not a host name, or null when it is one. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "host name is empty";
        }
        if (name.length() > MAX_NAME) {
            return "host name is " + name.length() + " characters long, at most " + MAX_NAME + " are allowed";
        }
        int start = 0;
        while (start <= name.length()) {
            int end = name.indexOf('.', start);
            if (end < 0) {
                end = name.length();
            }
            String problem = labelProblem(name.substring(start, end));
            if (problem != null) {
                return problem;
            }
            start = end + 1;
        }
        return null;
    }

    private static String labelProblem(String label) {
        if (label.isEmpty()) {
            return "host name has an empty label";
        }
        if (label.length() > MAX_LABEL) {
            return "host name label '" + label.substring(0, 16) + "...' is " + label.length()
                    + " characters long, at most " + MAX_LABEL + " are allowed";
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return "host name label '" + label + "' starts or ends with '-'";
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return "host name label '" + label + "' contains '" + c + "' (allowed: letters, digits, '-', '_')";
            }
        }
        return null;
    }
}
