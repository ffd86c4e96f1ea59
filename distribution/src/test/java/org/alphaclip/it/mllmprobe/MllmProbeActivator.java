package org.alphaclip.it.mllmprobe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.function.Function;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalModels;
import org.alphaclip.mllm.TokenListener;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A test bundle that uses the {@link MultimodalModels} service inside the framework: given {@code package|tokens
 * file|tokens|width|question|max tokens}, it opens the package, generates greedily from the float32 image tokens and
 * answers with the ids, or the failure's message.
 */
public final class MllmProbeActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Function<String, String> probe = request -> {
            String[] parts = request.split("\\|");
            ServiceReference<MultimodalModels> ref = context.getServiceReference(MultimodalModels.class);
            if (ref == null) {
                return "no MultimodalModels service";
            }
            try (MultimodalModel model = context.getService(ref).open(Path.of(parts[0]))) {
                FloatTensor tokens = read(Path.of(parts[1]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
                Generation g = model.generate(tokens, parts[4], DecodingSettings.greedy(Integer.parseInt(parts[5])),
                        TokenListener.NONE);
                return Arrays.toString(g.tokens());
            } catch (Exception e) {
                return e.toString();
            } finally {
                context.ungetService(ref);
            }
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("probe", "mllm");
        context.registerService(Function.class.getName(), probe, properties);
    }

    /** The last {@code tokens} rows of width {@code width} of a float32 file (the class token dropped). */
    private static FloatTensor read(Path file, int tokens, int width) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] all = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(all);
        return new FloatTensor(new long[] {1, tokens, width}, Arrays.copyOfRange(all, all.length - tokens * width, all.length));
    }

    @Override
    public void stop(BundleContext context) {
        // the service is unregistered with the bundle
    }
}
