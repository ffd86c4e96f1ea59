package org.alphaclip.rec.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;

/**
 * Universal Dependencies part-of-speech tags ({@code NOUN}, {@code ADJ}, {@code ADP}, ...) from Apache
 * OpenNLP's English model, which is read from this bundle's class path (the embedded
 * {@code opennlp-models-pos-en} jar names its model file in {@code model.properties}).
 */
public final class PosTagger {

    private final POSTaggerME tagger;

    private PosTagger(POSModel model) {
        this.tagger = new POSTaggerME(model, POSTagFormat.UD);
    }

    /**
     * Loads the English model from the class path.
     *
     * @throws IOException when the model jar is missing or its model cannot be read
     */
    public static PosTagger english() throws IOException {
        ClassLoader loader = PosTagger.class.getClassLoader();
        Properties properties = new Properties();
        try (InputStream in = loader.getResourceAsStream("model.properties")) {
            if (in == null) {
                throw new IOException("The English part-of-speech model (opennlp-models-pos-en) is not on the class path");
            }
            properties.load(in);
        }
        String name = properties.getProperty("model.name");
        if (name == null) {
            throw new IOException("model.properties of the English part-of-speech model names no model file");
        }
        try (InputStream model = loader.getResourceAsStream(name)) {
            if (model == null) {
                throw new IOException("The English part-of-speech model file " + name + " is missing from the class path");
            }
            return new PosTagger(new POSModel(model));
        }
    }

    /** One tag per word. Thread safe. */
    public synchronized String[] tag(List<String> words) {
        return tagger.tag(words.toArray(String[]::new));
    }
}
