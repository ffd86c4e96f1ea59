package org.alphaclip.diffusion.internal;

import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.DiffusionModels;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.internal.pkg.PackageReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link DiffusionModels} service: packages read by {@link PackageReader}, graphs on the shared sessions. */
@Component(service = DiffusionModels.class)
public final class DiffusionModelsComponent implements DiffusionModels {

    private final InferenceSessions sessions;

    /** The service over the shared sessions. */
    @Activate
    public DiffusionModelsComponent(@Reference InferenceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public DiffusionModel open(Path folder) throws InvalidModelException {
        return OnnxDiffusionModel.open(PackageReader.read(folder), sessions);
    }

    @Override
    public DiffusionPackageInfo inspect(Path folder) throws InvalidModelException {
        return PackageReader.read(folder).info();
    }
}
