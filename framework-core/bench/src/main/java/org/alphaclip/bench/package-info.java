/**
 * Command-line benchmarks: {@link org.alphaclip.bench.EncoderBench} measures image-encoding throughput of a
 * model package on ONNX Runtime against the exporter's PyTorch model and ONNX Runtime's own MatMul rate.
 */
package org.alphaclip.bench;
