/**
 * The parts every package kind shares: a graph on a shared session with its signature checked, the token table
 * graph, the key/value cache of a decoder and the decoder contract the decoding strategies drive, and sequence
 * tensor helpers.
 */
package org.alphaclip.mllm.internal.graph;
