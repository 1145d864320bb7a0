package dev.portcullis.policy.lists;

/** Host name syntax shared by list validation and context building. */
public final class Hostnames {
    private Hostnames() {
    }

    /** Lower-case dot-separated labels of 1-63 letters, digits, '-' or '_' (underscores occur in real names). */
    public static boolean valid(String host) {
        if (host.isEmpty()) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63) {
                    return false;
                }
                labelStart = i + 1;
                continue;
            }
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
