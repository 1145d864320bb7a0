package dev.portcullis.policy.rules;

/** When a rule is evaluated; decides which fields a rule may use. */
public enum Phase {
    /** Gateway "l4" rules, evaluated at connection time. */
    NETWORK,
    /** Gateway http "off"/"on" rules, evaluated before decryption with what a CONNECT reveals. */
    TLS_INSPECTION,
    /** Gateway http allow/block/redirect rules, evaluated per request. */
    HTTP
}
