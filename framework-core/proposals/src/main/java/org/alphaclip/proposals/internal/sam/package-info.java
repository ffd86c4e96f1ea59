/** The SAM mask proposer: segment-anything preprocessing, ONNX decoder prompts, the automatic mask generator, the package format and the DS component that publishes it. */
package org.alphaclip.proposals.internal.sam;
