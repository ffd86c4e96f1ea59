/**
 * The Alpha-CLIP encoder service: region-aware image embeddings, text embeddings, hidden-state taps.
 *
 * <pre>{@code
 * @Reference(target = "(" + AlphaClipEncoder.PROPERTY_DEFAULT + "=true)")
 * AlphaClipEncoder encoder;
 * ImageEncoding out = encoder.encodeImages(
 *     List.of(new RegionImage(image, new Region.Box(40, 30, 120, 110))), EncodeOptions.DEFAULT);
 * }</pre>
 */
@Version("1.1.0")
package org.alphaclip.api;

import org.osgi.annotation.versioning.Version;
