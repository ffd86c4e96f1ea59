package org.alphaclip.diffusion.internal.subject;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.diffusion.SubjectPrompt;
import org.alphaclip.diffusion.internal.pkg.SubjectParts;

/**
 * What BLIP-Diffusion's UNet attends to, as diffusers' {@code BlipDiffusionPipeline} builds it: the Q-Former's query
 * embeddings of the image tokens and the source subject; the prompt ({@link SubjectPrompts#build}) cut to the text
 * encoder's positions less the queries, its token embeddings with the queries put in at the context position, through
 * the text encoder; with guidance, the negative prompt's hidden states (full length, no queries) first.
 */
public final class SubjectConditioning {

    private final SubjectParts parts;
    private final SubjectQFormer qformer;
    private final ContextTextEncoder text;
    private final SubjectPrompts prompts;

    /** Conditioning over a package's parts. */
    public SubjectConditioning(SubjectParts parts, SubjectQFormer qformer, ContextTextEncoder text, SubjectPrompts prompts) {
        this.parts = parts;
        this.qformer = qformer;
        this.text = text;
        this.prompts = prompts;
    }

    /**
     * The conditioning sequence: {@code [2, positions, width]} (negative prompt first) when guided, else
     * {@code [1, positions, width]}.
     */
    public FloatTensor context(SubjectPrompt prompt, boolean guided) throws SessionException {
        FloatTensor queries = qformer.queries(prompt.imageTokens(), prompts.subjectIds(prompt.sourceSubject()));
        String full = SubjectPrompts.build(prompt.targetSubject(), prompt.prompt(), prompt.repetitions());
        FloatTensor conditional = text.encode(prompts.promptIds(full, parts.promptLength()), queries,
                parts.contextPosition());
        if (!guided) {
            return conditional;
        }
        FloatTensor unconditional = text.encode(prompts.promptIds(prompt.negativePrompt(), parts.maxPositions()));
        float[] both = new float[conditional.data().length * 2];
        System.arraycopy(unconditional.data(), 0, both, 0, unconditional.data().length);
        System.arraycopy(conditional.data(), 0, both, unconditional.data().length, conditional.data().length);
        long[] shape = conditional.shape().clone();
        shape[0] = 2;
        return new FloatTensor(shape, both);
    }
}
