/**
 * The daemon configuration. Start at {@link dev.portcullis.config.ConfigLoader} (load a file, or the embedded
 * default) and {@link dev.portcullis.config.DaemonConfig} (the immutable result, with {@code with...} overrides
 * and {@code validate()}). Value parsers shared with the CLI: {@link dev.portcullis.config.HostPort},
 * {@link dev.portcullis.config.PortRanges}, {@link dev.portcullis.config.CidrPorts},
 * {@link dev.portcullis.config.Durations}, {@link dev.portcullis.config.Sizes}.
 *
 * <p>How a file is read: {@code DocumentReader} streams JSON/YAML into a position-keeping {@code Doc} tree; the
 * tree is overlaid on the embedded default's tree; {@code Binder} reads every key through typed {@code ValueReader}s
 * (bounds in the section records), collecting problems in {@code Problems}; {@code CrossCheck} applies rules that
 * span keys. Every problem carries file, line, column and JSON pointer.
 */
package dev.portcullis.config;
