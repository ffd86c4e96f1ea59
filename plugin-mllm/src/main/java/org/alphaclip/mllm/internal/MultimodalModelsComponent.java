package org.alphaclip.mllm.internal;

import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalModels;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.internal.blip2.Blip2Model;
import org.alphaclip.mllm.internal.llava.LlavaModel;
import org.alphaclip.mllm.internal.pkg.Blip2Package;
import org.alphaclip.mllm.internal.pkg.LlavaPackage;
import org.alphaclip.mllm.internal.pkg.MultimodalPackage;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link MultimodalModels} service: opens LLaVA and BLIP-2 packages, by their manifest's
 * {@code architecture.family}, on this bundle's view of the shared inference sessions, so that their graphs run on
 * the configured device and are released when the bundle stops.
 */
@Component(service = MultimodalModels.class)
public final class MultimodalModelsComponent implements MultimodalModels {

    private final InferenceSessions sessions;

    /** The service over the shared sessions. */
    @Activate
    public MultimodalModelsComponent(@Reference InferenceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public MultimodalModel open(Path folder) throws InvalidModelException {
        MultimodalPackage found = PackageReader.read(folder);
        if (found instanceof Blip2Package blip2) {
            return Blip2Model.open(blip2, sessions);
        }
        return LlavaModel.open((LlavaPackage) found, sessions);
    }

    @Override
    public MultimodalPackageInfo inspect(Path folder) throws InvalidModelException {
        return PackageReader.read(folder).info();
    }
}
