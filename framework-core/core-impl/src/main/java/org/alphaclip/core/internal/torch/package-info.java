/**
 * TorchScript modules on DJL's PyTorch engine, shared like the ONNX Runtime sessions: the differentiable image
 * towers behind {@link org.alphaclip.api.gradient.DifferentiableEncoders}.
 */
package org.alphaclip.core.internal.torch;
