package dev.portcullis.policy.rules;

/** What to do when the origin presents a certificate that does not verify. */
public enum UntrustedCertAction { ERROR, BLOCK, PASS_THROUGH }
