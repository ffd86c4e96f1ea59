/** Decoding: decoder states (cached or recomputed), token pickers (greedy, nucleus sampling), searches, stop rules. */
package org.alphaclip.mllm.internal.decode;
