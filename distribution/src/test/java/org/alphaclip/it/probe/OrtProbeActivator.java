package org.alphaclip.it.probe;

import java.nio.FloatBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * A test bundle that uses ONNX Runtime directly: on start it loads the model named by the framework
 * property {@code probe.model}, runs it once on a constant image, and publishes the first embedding
 * value with its bundle version as a {@code Supplier<String>}.
 */
public final class OrtProbeActivator implements BundleActivator {

    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        String result;
        try (OrtSession session = environment.createSession(context.getProperty("probe.model"));
                OnnxTensor image = OnnxTensor.createTensor(environment, FloatBuffer.wrap(new float[3 * 224 * 224]), new long[] {1, 3, 224, 224});
                OnnxTensor alpha = OnnxTensor.createTensor(environment, FloatBuffer.wrap(filled(224 * 224, 1.923f)), new long[] {1, 1, 224, 224});
                OrtSession.Result output = session.run(Map.of("image", image, "alpha", alpha))) {
            float[][] embedding = (float[][]) output.get(0).getValue();
            result = context.getBundle().getVersion() + ":" + embedding[0][0];
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("probe", "ort");
        Supplier<String> supplier = () -> result;
        registration = context.registerService(Supplier.class.getName(), supplier, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
