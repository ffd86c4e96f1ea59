package org.alphaclip.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.core.internal.proposal.ProposerRegistry;
import org.alphaclip.proposals.internal.boxes.BoxProposer;
import org.alphaclip.proposals.internal.sam.SamComponent;
import org.alphaclip.proposals.internal.sam.SamPackage;
import org.alphaclip.proposals.internal.segment.SegmentationComponent;

/**
 * The mask proposers of an executor JVM, made once per proposer name and SAM package with the settings an
 * application without configuration uses: {@code sam} (the package at {@code --sam}, sessions shared with the
 * encoders), {@code segmentation} (the classical segmenter) and {@code boxes} (boxes as masks).
 */
final class ExecutorProposers {

    /** The proposers a job can name. */
    static final List<String> NAMES = List.of("sam", "segmentation", "boxes");

    private static final Map<String, MaskProposers> REGISTRIES = new HashMap<>();

    private ExecutorProposers() {
    }

    /**
     * A registry holding the named proposer (and the boxes proposer, which REC asks for box masks).
     *
     * @param samDir the SAM package folder, or empty when the proposer is not {@code sam}
     */
    static synchronized MaskProposers proposers(String name, String samDir, int threads) throws InvalidModelException {
        String key = name + "\n" + samDir;
        MaskProposers registry = REGISTRIES.get(key);
        if (registry == null) {
            MaskProposer named = switch (name) {
                case "sam" -> SamComponent.proposer(SamPackage.read(Path.of(samDir)), ExecutorEncoders.sessions(threads),
                        ConfigDefaults.of(SamComponent.Config.class), reason -> { });
                case "segmentation" -> new SegmentationComponent(ConfigDefaults.of(SegmentationComponent.Config.class));
                case "boxes" -> new BoxProposer();
                default -> throw new IllegalArgumentException("Unknown --proposer '" + name + "'; one of " + NAMES);
            };
            registry = new ProposerRegistry(name.equals("boxes") ? List.of(named) : List.of(named, new BoxProposer()));
            REGISTRIES.put(key, registry);
        }
        return registry;
    }
}
