package org.alphaclip.diffusion.internal.subject;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.sdk.session.PackageGraph;

/**
 * BLIP-Diffusion's CLIP text encoder in two graphs, with the splice between them written out here: the token table
 * ({@code text_encoder/token_embedding.onnx}) turns ids into embeddings, the query embeddings are put in at the
 * context position, and the transformer ({@code text_encoder/model.onnx}: positions, causal self-attention, final
 * LayerNorm) turns the sequence into the hidden states the UNet attends to.
 */
public final class ContextTextEncoder implements AutoCloseable {

    static final String IDS = "input_ids";
    static final String EMBEDDINGS = "inputs_embeds";
    static final String HIDDEN = "last_hidden_state";

    private final PackageGraph tokenTable;
    private final PackageGraph transformer;

    private ContextTextEncoder(PackageGraph tokenTable, PackageGraph transformer) {
        this.tokenTable = tokenTable;
        this.transformer = transformer;
    }

    /**
     * Opens both graphs and checks their inputs and outputs; closes the first when the second fails.
     *
     * @throws InvalidModelException naming the file that does not fit
     */
    public static ContextTextEncoder open(InferenceSessions sessions, Path tokenEmbedding, Path textEncoder)
            throws InvalidModelException {
        PackageGraph table = PackageGraph.open(sessions, tokenEmbedding, List.of(IDS), List.of(EMBEDDINGS));
        try {
            return new ContextTextEncoder(table, PackageGraph.open(sessions, textEncoder, List.of(EMBEDDINGS), List.of(HIDDEN)));
        } catch (InvalidModelException | RuntimeException e) {
            table.close();
            throw e;
        }
    }

    /** The hidden states {@code [1, ids, width]} of a prompt without query embeddings (the negative prompt). */
    public FloatTensor encode(long[] ids) throws SessionException {
        return transformer.runFloat(Map.of(EMBEDDINGS, embed(ids)), HIDDEN);
    }

    /**
     * The hidden states {@code [1, ids + Q, width]} of a prompt with the query embeddings {@code [1, Q, width]} put in
     * before token {@code position}, as diffusers' {@code ContextCLIPTextEmbeddings} does.
     */
    public FloatTensor encode(long[] ids, FloatTensor queries, int position) throws SessionException {
        FloatTensor tokens = embed(ids);
        int width = (int) tokens.shape()[2];
        int count = (int) queries.shape()[1];
        if (queries.shape()[2] != width) {
            throw new IllegalArgumentException("the query embeddings are " + queries.shape()[2] + " wide, the text encoder's"
                    + " tokens " + width);
        }
        float[] spliced = new float[(ids.length + count) * width];
        // tokens before the position, then the queries, then the rest of the tokens
        System.arraycopy(tokens.data(), 0, spliced, 0, position * width);
        System.arraycopy(queries.data(), 0, spliced, position * width, count * width);
        System.arraycopy(tokens.data(), position * width, spliced, (position + count) * width, (ids.length - position) * width);
        FloatTensor sequence = new FloatTensor(new long[] {1, ids.length + count, width}, spliced);
        return transformer.runFloat(Map.of(EMBEDDINGS, sequence), HIDDEN);
    }

    private FloatTensor embed(long[] ids) throws SessionException {
        return tokenTable.runFloat(Map.of(IDS, new LongTensor(new long[] {1, ids.length}, ids.clone())), EMBEDDINGS);
    }

    @Override
    public void close() {
        tokenTable.close();
        transformer.close();
    }
}
