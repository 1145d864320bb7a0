/**
 * Client pipelines and what they share. Start at {@link dev.portcullis.proxy.pipeline.FrontendInitializer};
 * handler names are in {@link dev.portcullis.proxy.pipeline.PipelineNames}; daemon-wide services in
 * {@link dev.portcullis.proxy.pipeline.ProxyServices}.
 */
package dev.portcullis.proxy.pipeline;
