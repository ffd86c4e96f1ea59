/** The two-stage Point-E pipeline: base points, upsampled points, the conversion to a coloured cloud. */
package org.alphaclip.pointe.internal.pipeline;
