package dev.portcullis.policy.gateway;

/** Category and application knowledge about hosts (supplied by the config module's intelligence file). */
public interface Intelligence {
    /** Knows nothing: every host has no categories and no app ids. */
    Intelligence NONE = new Intelligence() {
        @Override
        public long[] contentCategories(String host) {
            return new long[0];
        }

        @Override
        public long[] securityCategories(String host) {
            return new long[0];
        }

        @Override
        public String[] appIds(String host) {
            return new String[0];
        }
    };

    long[] contentCategories(String host);

    long[] securityCategories(String host);

    String[] appIds(String host);
}
