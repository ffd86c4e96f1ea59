/**
 * A task bundle's models on the shared platform: the graphs of its package on the shared inference sessions
 * ({@link PackageGraph}: acquired with the configured device options, their signature checked, closed when done),
 * the Alpha-CLIP encoder its package was exported on ({@link EncoderLeases}), and the timings of benchmark commands
 * ({@link Timings}: medians, ONNX Runtime's MatMul rate).
 */
@Version("1.1.0")
package org.alphaclip.sdk.session;

import org.osgi.annotation.versioning.Version;
