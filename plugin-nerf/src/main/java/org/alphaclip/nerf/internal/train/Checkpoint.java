package org.alphaclip.nerf.internal.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

import org.alphaclip.nerf.NerfException;
import org.alphaclip.nerf.internal.grid.GridGeometry;
import org.alphaclip.nerf.internal.grid.OccupancyMask;
import org.alphaclip.nerf.internal.grid.VoxelGrids;
import org.alphaclip.nerf.internal.scene.SceneBounds;

/**
 * The checkpoint file of an optimisation ({@code checkpoint.nerf}): a magic line, the run's identity (prompt and
 * settings, as text), the state (step, stage, lattice, grids, occupancy, both Adam states) and a CRC-32 of all of
 * it. Written to a temporary file and moved into place, so a crash leaves the previous checkpoint; a file that does
 * not read back whole is reported as corrupt and left alone.
 */
public final class Checkpoint {

    /** The file name inside an object's folder. */
    public static final String FILE = "checkpoint.nerf";

    private static final String MAGIC = "alphaclip-nerf-checkpoint 1";

    private Checkpoint() {
    }

    /** Writes {@code state} of the run {@code identity} into {@code folder}. */
    public static void write(Path folder, String identity, NerfState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(identity);
            out.writeInt(state.step);
            out.writeInt(state.stage);
            out.writeDouble(state.similarity);
            GridGeometry geometry = state.geometry();
            for (float value : geometry.bounds().min()) {
                out.writeFloat(value);
            }
            for (float value : geometry.bounds().max()) {
                out.writeFloat(value);
            }
            out.writeInt(geometry.sizeX());
            out.writeInt(geometry.sizeY());
            out.writeInt(geometry.sizeZ());
            out.writeFloat(geometry.voxelSize());
            out.writeFloat(geometry.voxelSizeRatio());
            writeFloats(out, state.grids.density());
            writeFloats(out, state.grids.colour());
            for (boolean flag : state.occupancy.flags()) {
                out.writeBoolean(flag);
            }
            for (MaskedAdam adam : state.optimisers()) {
                out.writeInt(adam.step());
                out.writeDouble(adam.learningRate());
                out.writeDouble(adam.decayPerStep());
                writeFloats(out, adam.firstMoment());
                writeFloats(out, adam.secondMoment());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(whole)) {
            out.write(bytes.toByteArray());
            out.writeLong(crc.getValue());
        }
        Path target = folder.resolve(FILE);
        Path temporary = Files.createTempFile(folder, ".checkpoint-", ".tmp");
        try {
            Files.write(temporary, whole.toByteArray());
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads the checkpoint in {@code folder}.
     *
     * @param identity the run that wants to resume (a checkpoint of another run is refused), or null to read any
     * @throws NerfException when the file is corrupt or belongs to another run
     */
    public static NerfState read(Path folder, String identity) throws NerfException {
        Path file = folder.resolve(FILE);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NerfException("Cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (all.length < 8) {
            throw corrupt(file, "it is " + all.length + " bytes long");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw corrupt(file, "its checksum does not match (truncated or altered)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 8))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw corrupt(file, "it is not a NeRF checkpoint of this version");
            }
            String stored1 = in.readUTF();
            if (identity != null && !stored1.equals(identity)) {
                throw new NerfException("The checkpoint " + file + " belongs to another run (" + stored1
                        + "); give another --out folder, or the same prompt and settings to resume it");
            }
            int step = in.readInt();
            int stage = in.readInt();
            double similarity = in.readDouble();
            float[] min = {in.readFloat(), in.readFloat(), in.readFloat()};
            float[] max = {in.readFloat(), in.readFloat(), in.readFloat()};
            GridGeometry geometry = new GridGeometry(new SceneBounds(min, max), in.readInt(), in.readInt(),
                    in.readInt(), in.readFloat(), in.readFloat());
            int points = geometry.pointCount();
            VoxelGrids grids = new VoxelGrids(geometry, readFloats(in, points), readFloats(in, 3 * points));
            boolean[] flags = new boolean[points];
            for (int i = 0; i < points; i++) {
                flags[i] = in.readBoolean();
            }
            MaskedAdam[] adams = new MaskedAdam[2];
            for (int i = 0; i < 2; i++) {
                int adamStep = in.readInt();
                double rate = in.readDouble();
                double decay = in.readDouble();
                int size = i == 0 ? points : 3 * points;
                adams[i] = MaskedAdam.official(readFloats(in, size), readFloats(in, size), adamStep, rate, decay);
            }
            NerfState state = new NerfState(grids, OccupancyMask.of(geometry, flags), adams[0], adams[1], step, stage);
            state.similarity = similarity;
            return state;
        } catch (EOFException | IllegalArgumentException e) {
            throw corrupt(file, e.getMessage() == null ? "it ends early" : e.getMessage());
        } catch (IOException e) {
            throw new NerfException("Cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static NerfException corrupt(Path file, String why) {
        return new NerfException("The checkpoint " + file + " is corrupt (" + why + "); it was left as it is: move it"
                + " away to start over, or give another --out folder");
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    private static float[] readFloats(DataInputStream in, int expected) throws IOException {
        int length = in.readInt();
        if (length != expected) {
            throw new IllegalArgumentException("an array of " + length + " values where " + expected + " belong");
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    /** The identity line of a run: what must match for a checkpoint to be resumed. */
    public static String identity(String prompt, Object settings) {
        return prompt + " | " + settings;
    }
}
