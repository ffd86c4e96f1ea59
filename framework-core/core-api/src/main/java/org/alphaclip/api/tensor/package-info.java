/** Plain-Java tensors exchanged with the encoder and the inference sessions (no native memory). */
@Version("1.0.0")
package org.alphaclip.api.tensor;

import org.osgi.annotation.versioning.Version;
