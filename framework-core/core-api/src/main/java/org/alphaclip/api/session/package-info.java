/**
 * Shared ONNX Runtime sessions: one environment per process, one session per model content and
 * options, reference counted across bundles, scheduled per device with bounded queues and dynamic batching.
 *
 * <pre>{@code
 * try (SessionHandle session = sessions.acquire(modelFile, SessionOptions.DEFAULT)) {
 *     Map<String, Tensor> out = session.run(Map.of("tokens", ids), Set.of("text_embedding"));
 * }
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.api.session;

import org.osgi.annotation.versioning.Version;
