/**
 * The {@code mllm:*} Gogo commands: option parsing, the package and encoder lookup, the image prepared as the package
 * asks (LLaVA's square padding), the streamed answer and its one-line or JSON result, the chat loop.
 */
package org.alphaclip.mllm.internal.command;
