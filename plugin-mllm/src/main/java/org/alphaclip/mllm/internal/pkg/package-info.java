/** Multimodal package folders: the manifest, mapped and checked, every file's SHA-256 verified. */
package org.alphaclip.mllm.internal.pkg;
