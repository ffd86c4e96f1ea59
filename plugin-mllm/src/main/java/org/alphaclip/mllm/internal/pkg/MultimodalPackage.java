package org.alphaclip.mllm.internal.pkg;

import org.alphaclip.mllm.MultimodalPackageInfo;

/** A verified multimodal package of one of the supported families; {@link #info()} names the family. */
public sealed interface MultimodalPackage permits LlavaPackage, Blip2Package {

    /** The public description. */
    MultimodalPackageInfo info();
}
