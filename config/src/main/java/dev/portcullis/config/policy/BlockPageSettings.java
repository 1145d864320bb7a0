package dev.portcullis.config.policy;

/** Texts for the block page; either may be null, in which case the proxy uses its own wording. */
public record BlockPageSettings(String title, String footer) {
    public static final BlockPageSettings DEFAULT = new BlockPageSettings(null, null);
}
