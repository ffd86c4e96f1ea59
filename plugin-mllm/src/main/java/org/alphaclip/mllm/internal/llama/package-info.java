/** The LLaVA-specific graphs on the shared sessions: the projector and the Llama decoder with its cache. */
package org.alphaclip.mllm.internal.llama;
