package org.boltzmann4j.analysis.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;

/**
 * Arrays in NumPy's {@code .npy} format, version 1.0: the magic {@code \x93NUMPY}, a header dict
 * ({@code descr} {@code '<f8'}, C order, the shape) padded to a multiple of 64 bytes, then the
 * values as little-endian float64, bit for bit. {@code numpy.load} reads them as they were, and
 * {@link #read} reads back what {@link #write} wrote (a notebook's way to a run's traces).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGN = 64;

    private Npy() {
    }

    /**
     * Writes {@code values} (row-major, C order) as an array of the given shape, atomically.
     *
     * @throws IllegalArgumentException when the shape does not hold exactly the values
     */
    public static void write(java.nio.file.Path file, double[] values, long... shape) {
        long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, not "
                    + values.length);
        }
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        StringBuilder header = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (")
                .append(dims).append(shape.length == 1 ? ",), }" : "), }");
        int unpadded = MAGIC.length + 2 + header.length() + 1;
        header.append(" ".repeat((ALIGN - unpadded % ALIGN) % ALIGN)).append('\n');
        byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(file, temp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                out.write(MAGIC);
                out.write(head.length & 0xff);
                out.write(head.length >>> 8);
                out.write(head);
                ByteBuffer chunk = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; i++) {
                    chunk.putDouble(values[i]);
                    if (!chunk.hasRemaining() || i == values.length - 1) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                }
            }
        });
    }

    /**
     * The values of a float64, C-order {@code .npy} file (version 1.0, as {@link #write} makes them),
     * flattened in row-major order.
     */
    public static double[] read(java.nio.file.Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw B4jException.badInput("cannot read %s: %s", file, e.getMessage());
        }
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw B4jException.badInput("%s is not a version 1.0 .npy file", file);
        }
        int headerLength = (bytes[MAGIC.length] & 0xff) | (bytes[MAGIC.length + 1] & 0xff) << 8;
        int start = MAGIC.length + 2 + headerLength;
        String header = new String(bytes, MAGIC.length + 2, Math.min(headerLength, bytes.length - MAGIC.length - 2),
                StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f8'") || !header.contains("'fortran_order': False")
                || (bytes.length - start) % 8 != 0) {
            throw B4jException.badInput("%s does not hold little-endian float64 values in C order", file);
        }
        double[] values = new double[(bytes.length - start) / 8];
        ByteBuffer.wrap(bytes, start, bytes.length - start).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }
}
