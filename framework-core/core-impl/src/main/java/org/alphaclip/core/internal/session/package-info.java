/**
 * Shared ONNX Runtime sessions (private): {@link org.alphaclip.core.internal.session.SessionRegistry} keeps
 * one session per model content and options with per-device queues and dynamic batching;
 * {@link org.alphaclip.core.internal.session.OrtInferenceSessions} publishes it as a bundle-scoped
 * {@code InferenceSessions} service; {@link org.alphaclip.core.internal.session.SessionsCommand} is
 * {@code alphaclip:sessions}.
 */
package org.alphaclip.core.internal.session;
