package org.alphaclip.pointe.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.internal.testing.PointeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * PLY files byte for byte as point-e's {@code write_ply}: the reference's point clouds (coordinates and colours as
 * {@code output_to_point_clouds} gives them) written here equal the official files ({@code pointclouds/*.ply}).
 */
class PlyFilesTest {

    @TempDir
    Path temp;

    @Test
    void writesTheOfficialBytes() throws Exception {
        PointeReference ref = PointeReference.load();
        JsonObject facts = ref.facts();
        float[] pipelineRgb = ref.floats("pipe_pc0_rgb_u8");
        for (int i = 0; i < pipelineRgb.length; i++) {
            pipelineRgb[i] /= 255f;
        }
        Object[][] cases = {
            {facts.getAsJsonObject("det_ply").get("file").getAsString(), ref.floats("det_pc0_coords"), ref.floats("det_pc0_rgb")},
            {facts.getAsJsonObject("pipeline").getAsJsonObject("ply").get("file").getAsString(), ref.floats("pipe_pc0_coords"),
                pipelineRgb}};
        for (Object[] c : cases) {
            PointCloud cloud = new PointCloud((float[]) c[1], (float[]) c[2]);
            byte[] official = Files.readAllBytes(ref.folder().resolve((String) c[0]));
            assertArrayEquals(official, PlyFiles.bytes(cloud), (String) c[0]);
            Path file = temp.resolve("cloud.ply");
            PlyFiles.write(cloud, file);
            assertEquals(official.length, Files.size(file));
        }
    }
}
