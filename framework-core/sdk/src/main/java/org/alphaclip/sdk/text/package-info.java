/**
 * Text to token ids for task bundles whose packages carry their own tokenizer: {@link PackageTokenizer} runs a
 * package's HuggingFace {@code tokenizer.json} through DJL's native tokenizers (the platform-djl bundle).
 */
@Version("1.0.0")
package org.alphaclip.sdk.text;

import org.osgi.annotation.versioning.Version;
