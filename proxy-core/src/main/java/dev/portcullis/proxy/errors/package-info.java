/**
 * Failure → status mapping, in one place. Start with {@link dev.portcullis.proxy.errors.ErrorCode}; exceptions are
 * turned into {@link dev.portcullis.proxy.errors.ProxyFailure}s by
 * {@link dev.portcullis.proxy.errors.FailureClassifier} and answered by
 * {@link dev.portcullis.proxy.errors.ErrorResponses}.
 */
package dev.portcullis.proxy.errors;
