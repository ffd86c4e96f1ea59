package org.alphaclip.pointe.internal;

import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.pointe.PointCloudModel;
import org.alphaclip.pointe.PointCloudModels;
import org.alphaclip.pointe.PointePackageInfo;
import org.alphaclip.pointe.internal.pkg.PackageReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link PointCloudModels} service: packages read by {@link PackageReader}, graphs on the shared sessions. */
@Component(service = PointCloudModels.class)
public final class PointCloudModelsComponent implements PointCloudModels {

    private final InferenceSessions sessions;

    /** The service over the shared sessions. */
    @Activate
    public PointCloudModelsComponent(@Reference InferenceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public PointCloudModel open(Path folder) throws InvalidModelException {
        return OnnxPointCloudModel.open(PackageReader.read(folder), sessions);
    }

    @Override
    public PointePackageInfo inspect(Path folder) throws InvalidModelException {
        return PackageReader.read(folder).info();
    }
}
