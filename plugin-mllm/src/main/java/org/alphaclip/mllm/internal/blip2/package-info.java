/**
 * The BLIP-2 model with a T5 language model: the Q-Former graph (with {@code ln_vision} and the projection), the T5
 * encoder, the cross-attention keys and values, the T5 decoder with its key/value cache, and the model that puts
 * them together into a generation.
 */
package org.alphaclip.mllm.internal.blip2;
