package org.alphaclip.diffusion.internal.subject;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.sdk.session.PackageGraph;

/**
 * BLIP-Diffusion's Q-Former ({@code qformer.onnx}): the encoder's image tokens {@code [1, N, width]} through the vision
 * LayerNorm, the learned queries and the subject's WordPiece ids attending to each other and the queries to the image,
 * then the projection, to the query embeddings {@code [1, Q, text width]} that stand in the prompt.
 */
public final class SubjectQFormer implements AutoCloseable {

    static final String IMAGE = "image_tokens";
    static final String IDS = "subject_ids";
    static final String MASK = "subject_mask";
    static final String QUERIES = "query_embeddings";

    private final PackageGraph graph;

    private SubjectQFormer(PackageGraph graph) {
        this.graph = graph;
    }

    /**
     * Opens the graph and checks its inputs and outputs.
     *
     * @throws InvalidModelException naming the file when they do not fit
     */
    public static SubjectQFormer open(InferenceSessions sessions, Path file) throws InvalidModelException {
        return new SubjectQFormer(PackageGraph.open(sessions, file, List.of(IMAGE, IDS, MASK), List.of(QUERIES)));
    }

    /** The query embeddings of one image's tokens and one subject's ids (every id attended to). */
    public FloatTensor queries(FloatTensor imageTokens, long[] subjectIds) throws SessionException {
        long[] shape = {1, subjectIds.length};
        long[] mask = new long[subjectIds.length];
        Arrays.fill(mask, 1);
        return graph.runFloat(Map.of(IMAGE, imageTokens, IDS, new LongTensor(shape, subjectIds.clone()),
                MASK, new LongTensor(shape, mask)), QUERIES);
    }

    @Override
    public void close() {
        graph.close();
    }
}
