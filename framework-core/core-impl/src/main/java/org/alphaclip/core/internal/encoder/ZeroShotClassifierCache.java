package org.alphaclip.core.internal.encoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.osgi.service.component.annotations.Component;

/**
 * {@link ZeroShotClassifiers} with a cache: the classifiers of the {@value #PER_MODEL} label sets used last
 * are kept per encoder (per live model package); an encoder that goes away takes its classifiers with it.
 */
@Component(service = ZeroShotClassifiers.class)
public final class ZeroShotClassifierCache implements ZeroShotClassifiers {

    private static final int PER_MODEL = 32;
    private static final int TEXT_BATCH = 256;

    private record Key(List<String> labels, List<String> templates) {
    }

    private final Map<AlphaClipEncoder, Map<Key, ZeroShotClassifier>> cache = new WeakHashMap<>();

    @Override
    public ZeroShotClassifier classifier(AlphaClipEncoder encoder, List<String> labels, List<String> templates)
            throws EncoderException {
        List<String> used = templates.isEmpty() ? encoder.model().promptTemplates() : List.copyOf(templates);
        check(labels, used);
        Key key = new Key(List.copyOf(labels), used);
        synchronized (cache) {
            ZeroShotClassifier known = cache.computeIfAbsent(encoder, e -> lru()).get(key);
            if (known != null) {
                return known;
            }
        }
        ZeroShotClassifier built = build(encoder, key.labels(), used);
        synchronized (cache) {
            cache.computeIfAbsent(encoder, e -> lru()).put(key, built);
        }
        return built;
    }

    /** The classifier rows: per label, the unit-length mean of its prompts' unit-length text embeddings. */
    static ZeroShotClassifier build(AlphaClipEncoder encoder, List<String> labels, List<String> templates)
            throws EncoderException {
        List<String> prompts = new ArrayList<>(labels.size() * templates.size());
        for (String label : labels) {
            for (String template : templates) {
                prompts.add(template.replace("{}", label));
            }
        }
        List<float[]> embeddings = new ArrayList<>(prompts.size());
        List<String> truncated = new ArrayList<>();
        for (int start = 0; start < prompts.size(); start += TEXT_BATCH) {
            List<String> batch = prompts.subList(start, Math.min(prompts.size(), start + TEXT_BATCH));
            embeddings.addAll(List.of(encoder.encodeTexts(batch, true)));
            int[][] tokens = encoder.tokenize(batch, true);
            for (int i = 0; i < batch.size(); i++) {
                String label = labels.get((start + i) / templates.size());
                if (tokens[i][tokens[i].length - 1] != 0 && !truncated.contains(label) && isTooLong(encoder, batch.get(i))) {
                    truncated.add(label);
                }
            }
        }
        float[][] rows = new float[labels.size()][];
        for (int label = 0; label < labels.size(); label++) {
            float[] mean = new float[embeddings.get(0).length];
            for (int t = 0; t < templates.size(); t++) {
                float[] unit = ZeroShotClassifier.unit(embeddings.get(label * templates.size() + t));
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += unit[k] / templates.size();
                }
            }
            rows[label] = ZeroShotClassifier.unit(mean);
        }
        return new ZeroShotClassifier(encoder.model().name(), labels, templates, rows, encoder.model().logitScale(), truncated);
    }

    private static boolean isTooLong(AlphaClipEncoder encoder, String prompt) {
        try {
            encoder.tokenize(List.of(prompt), false);
            return false;
        } catch (EncoderException tooLong) {
            return true;
        }
    }

    private static void check(List<String> labels, List<String> templates) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("A classifier needs at least one label");
        }
        for (String label : labels) {
            if (label.isBlank()) {
                throw new IllegalArgumentException("Labels must not be empty");
            }
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("The model has no prompt templates; give one, e.g. 'a photo of a {}.'");
        }
        for (String template : templates) {
            if (!template.contains("{}")) {
                throw new IllegalArgumentException("A prompt template needs {} where the label goes, e.g. 'a photo of a {}.', got '"
                        + template + "'");
            }
        }
    }

    private static Map<Key, ZeroShotClassifier> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ZeroShotClassifier> eldest) {
                return size() > PER_MODEL;
            }
        };
    }
}
