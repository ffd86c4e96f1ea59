package org.alphaclip.diffusion.internal.subject;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.diffusion.internal.pkg.SubjectParts;
import org.alphaclip.sdk.text.PackageTokenizer;

/**
 * BLIP-Diffusion's texts as token ids. The subject goes to the Q-Former as BERT WordPiece ids framed
 * {@code [CLS] ... [SEP]}; the prompt is diffusers' {@code "a <target> <prompt>"} repeated and joined with
 * {@code ", "}, cleaned as CLIP's tokenizer cleans (NFC, runs of white space to one space, trimmed, lower case), BPE
 * ids framed with the start and end tokens, cut to fit and padded to the length. Holds two native tokenizers until
 * closed.
 */
public final class SubjectPrompts implements AutoCloseable {

    private final SubjectParts parts;
    private final PackageTokenizer wordPiece;
    private final PackageTokenizer bpe;

    private SubjectPrompts(SubjectParts parts, PackageTokenizer wordPiece, PackageTokenizer bpe) {
        this.parts = parts;
        this.wordPiece = wordPiece;
        this.bpe = bpe;
    }

    /**
     * Opens the package's two tokenizers.
     *
     * @throws InvalidModelException naming the file the native tokenizer does not accept
     */
    public static SubjectPrompts open(SubjectParts parts) throws InvalidModelException {
        PackageTokenizer wordPiece = null;
        try {
            wordPiece = PackageTokenizer.open(parts.qformerTokenizer());
            return new SubjectPrompts(parts, wordPiece, PackageTokenizer.open(parts.tokenizer()));
        } catch (IOException e) {
            if (wordPiece != null) {
                wordPiece.close();
            }
            throw new InvalidModelException(e.getMessage(), e);
        }
    }

    /** diffusers' {@code _build_prompt}: {@code "a <target> <prompt>"}, {@code repetitions} times, joined by ", ". */
    public static String build(String targetSubject, String prompt, int repetitions) {
        String one = "a " + targetSubject + " " + prompt.strip();
        return String.join(", ", Collections.nCopies(repetitions, one));
    }

    /**
     * The subject's Q-Former ids, {@code [CLS] ... [SEP]}.
     *
     * @throws IllegalArgumentException when the subject has more tokens than the Q-Former has positions
     */
    public long[] subjectIds(String subject) {
        int[] pieces = wordPiece.encode(subject);
        if (pieces.length + 2 > parts.maxSubjectTokens()) {
            throw new IllegalArgumentException("the subject '" + subject + "' has " + pieces.length
                    + " tokens; the Q-Former takes at most " + (parts.maxSubjectTokens() - 2));
        }
        long[] ids = new long[pieces.length + 2];
        ids[0] = parts.cls();
        for (int i = 0; i < pieces.length; i++) {
            ids[i + 1] = pieces[i];
        }
        ids[ids.length - 1] = parts.sep();
        return ids;
    }

    /** A text's CLIP ids of exactly {@code length}: start, the first {@code length - 2} tokens, end, padding. */
    public long[] promptIds(String text, int length) {
        int[] tokens = bpe.encode(clean(text));
        int kept = Math.min(tokens.length, length - 2);
        List<Long> ids = new ArrayList<>(length);
        ids.add((long) parts.bos());
        for (int i = 0; i < kept; i++) {
            ids.add((long) tokens[i]);
        }
        ids.add((long) parts.eos());
        while (ids.size() < length) {
            ids.add((long) parts.pad());
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** CLIP's cleaning: NFC, white space runs to one space, trimmed, lower case. */
    static String clean(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        wordPiece.close();
        bpe.close();
    }
}
