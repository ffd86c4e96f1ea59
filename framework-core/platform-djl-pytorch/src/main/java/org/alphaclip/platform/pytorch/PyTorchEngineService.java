package org.alphaclip.platform.pytorch;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import ai.djl.pytorch.engine.PtEngineProvider;

/**
 * Publishes DJL's PyTorch engine as an OSGi service. DJL finds libtorch's natives and its JNI library as class-path
 * resources of the thread's context class loader and, offline, reads only {@code file:} and {@code jar:} URLs; this
 * bundle holds them, so the engine is first created with a context loader that serves them from this bundle's jar
 * file (and everything else from this bundle's class loader). Once loaded, the natives stay for the life of the JVM.
 */
@Component(service = EngineProvider.class)
public final class PyTorchEngineService implements EngineProvider {

    private final EngineProvider delegate = new PtEngineProvider();
    private final URLClassLoader jarResources;

    /** Finds this bundle's jar file. */
    @Activate
    public PyTorchEngineService(BundleContext context) {
        this.jarResources = jarResources(context.getBundle().getLocation());
    }

    private static URLClassLoader jarResources(String location) {
        String path = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            URL url = new URL(path);
            if ("file".equals(url.getProtocol()) && Files.isRegularFile(Path.of(url.toURI()))) {
                return new URLClassLoader(new URL[] {url}, null);
            }
        } catch (MalformedURLException | java.net.URISyntaxException | IllegalArgumentException e) {
            // not a file location: the bundle's own resources are used
        }
        return null;
    }

    @Override
    public String getEngineName() {
        return delegate.getEngineName();
    }

    @Override
    public int getEngineRank() {
        return delegate.getEngineRank();
    }

    @Override
    public Engine getEngine() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader bundleLoader = PyTorchEngineService.class.getClassLoader();
        thread.setContextClassLoader(jarResources == null ? bundleLoader : new ClassLoader(bundleLoader) {
            @Override
            public URL getResource(String name) {
                URL url = jarResources.findResource(name);
                return url != null ? url : super.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                Enumeration<URL> urls = jarResources.findResources(name);
                return urls.hasMoreElements() ? urls : super.getResources(name);
            }
        });
        try {
            return delegate.getEngine();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Closes the jar reader (the engine and its natives stay loaded). */
    @Deactivate
    public void close() throws IOException {
        if (jarResources != null) {
            jarResources.close();
        }
    }
}
