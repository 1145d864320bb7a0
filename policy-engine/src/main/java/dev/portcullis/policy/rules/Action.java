package dev.portcullis.policy.rules;

/** What a matching rule asks the proxy to do. */
public enum Action {
    ALLOW,
    BLOCK,
    /** Do not inspect (pass the TLS tunnel through undecrypted). */
    OFF,
    /** Inspect (decrypt). */
    ON,
    REDIRECT
}
