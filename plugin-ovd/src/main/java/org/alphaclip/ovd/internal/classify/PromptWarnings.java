package org.alphaclip.ovd.internal.classify;

import java.util.List;

import org.alphaclip.api.ZeroShotClassifier;

/** The warning a command gives when class names made prompts longer than the model's context. */
public final class PromptWarnings {

    private static final int NAMED = 5;

    private PromptWarnings() {
    }

    /** One sentence naming the class names whose prompts were cut, or none. */
    public static List<String> truncated(ZeroShotClassifier classifier) {
        List<String> cut = classifier.truncatedLabels();
        if (cut.isEmpty()) {
            return List.of();
        }
        String names = String.join(", ", cut.subList(0, Math.min(NAMED, cut.size())).stream().map(n -> "'" + n + "'").toList())
                + (cut.size() > NAMED ? " and " + (cut.size() - NAMED) + " more" : "");
        return List.of(cut.size() + " class name(s) made prompts longer than the context of model " + classifier.model()
                + ", which were cut to fit: " + names);
    }
}
