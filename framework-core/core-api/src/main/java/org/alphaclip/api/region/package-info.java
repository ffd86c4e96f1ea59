/** Regions an image encoding focuses on: masks, boxes, points, strokes, the image's alpha, the whole image. */
@Version("1.1.0")
package org.alphaclip.api.region;

import org.osgi.annotation.versioning.Version;
