package org.alphaclip.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.apache.spark.sql.SparkSession;

/**
 * One encoder per model package and executor JVM, shared by every task and partition that JVM runs (never one per
 * task or per row): the package is verified and its sessions are opened on first use, with as many intra-op threads
 * as the executor has cores; they live as long as the executor. Zero-shot classifiers (the label prompts encoded)
 * are cached the same way.
 */
final class ExecutorEncoders {

    private static final Map<String, OnnxAlphaClipEncoder> ENCODERS = new HashMap<>();
    private static StandaloneSessions sessions;
    private static int opened;

    private ExecutorEncoders() {
    }

    /** The encoder of the package at {@code modelDir} in this JVM. */
    static synchronized OnnxAlphaClipEncoder encoder(String modelDir, int threads) throws InvalidModelException {
        OnnxAlphaClipEncoder encoder = ENCODERS.get(modelDir);
        if (encoder == null) {
            ModelPackage model;
            try {
                model = ModelPackageReader.read(Path.of(modelDir));
            } catch (InvalidModelException e) {
                throw new InvalidModelException("The model package " + modelDir + " is not usable on executor "
                        + host() + ": " + e.getMessage() + " (every executor reads it from that path: a shared"
                        + " file system, or the same folder on every node)", e);
            }
            encoder = new OnnxAlphaClipEncoder(model, sessions(threads));
            ENCODERS.put(modelDir, encoder);
            opened++;
        }
        return encoder;
    }

    /**
     * The intra-op threads of an executor's sessions: its cores ({@code spark.executor.cores}, 1 when unset), so
     * the tasks running at once on it share one pool as large as the executor.
     */
    static int threads(SparkSession spark) {
        return Integer.parseInt(spark.conf().get("spark.executor.cores", "1"));
    }

    /**
     * Reads and verifies a package on the driver, so that a wrong path or a damaged package is refused before any
     * executor starts.
     */
    static ModelPackage checkPackage(String modelDir) throws InvalidModelException {
        try {
            return ModelPackageReader.read(Path.of(modelDir));
        } catch (InvalidModelException e) {
            throw new InvalidModelException("--model " + modelDir + ": " + e.getMessage(), e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "(unknown host)";
        }
    }

    /** The inference sessions of this JVM, with {@code threads} intra-op threads (the first caller's count). */
    static synchronized StandaloneSessions sessions(int threads) {
        if (sessions == null) {
            sessions = StandaloneSessions.cpu(Math.max(1, threads));
        }
        return sessions;
    }

    /** The zero-shot classifiers of this JVM, cached per encoder and label set. */
    static final ZeroShotClassifierCache CLASSIFIERS = new ZeroShotClassifierCache();

    /** How many encoders this JVM has opened (one per package). */
    static synchronized int opened() {
        return opened;
    }
}
