package org.alphaclip.spark;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.eval.EvalRequest;

/**
 * The evaluation datasets of an executor JVM, read once per set of files and shared by its tasks (a ReCLIP split is
 * tens of thousands of expressions; reading it for every partition would cost more than some partitions' work).
 */
final class ExecutorDatasets {

    private static final Map<String, List<EvalSplit>> SPLITS = new HashMap<>();

    private ExecutorDatasets() {
    }

    /** The splits the request names, read on first use in this JVM. */
    static synchronized List<EvalSplit> splits(EvalRequest request) throws IOException {
        String key = request.data() + "\n" + request.imageRoot() + "\n" + request.detections();
        List<EvalSplit> splits = SPLITS.get(key);
        if (splits == null) {
            splits = request.splits();
            SPLITS.put(key, splits);
        }
        return splits;
    }
}
