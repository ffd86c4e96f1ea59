/**
 * Mask proposals: services that find candidate object masks in an image, automatically or from box and
 * point prompts (SAM through ONNX Runtime, a classical segmenter, boxes as masks, ...). Task bundles
 * pick one by name or take the highest-ranked.
 */
@Version("1.1.0")
package org.alphaclip.api.proposal;

import org.osgi.annotation.versioning.Version;
