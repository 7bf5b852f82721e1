package org.boltzmann4j.notebook;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.boltzmann4j.core.B4jException;

/**
 * Pictures in notebook output. Under {@link NotebookRunner} a call queues the PNG, which becomes an
 * {@code image/png} display output of the cell. In the IJava kernel the same call hands the image to
 * IJava's {@code display(Object)} (found by reflection, so this class needs no IJava on the class
 * path); anywhere else it prints the file name.
 */
public final class Display {

    private static final String IJAVA_DISPLAY = "io.github.spencerpark.ijava.runtime.Display";

    private static final List<byte[]> PENDING = new ArrayList<>();
    private static volatile boolean capturing;

    private Display() {
    }

    /** Shows the PNG file {@code file} as an output of the current cell. */
    public static void png(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw B4jException.badInput("cannot read image %s: %s", file, e.getMessage());
        }
        if (capturing) {
            synchronized (PENDING) {
                PENDING.add(bytes);
            }
        } else if (!showInIJava(file)) {
            System.out.println("[image: " + file.toAbsolutePath() + "]");
        }
    }

    /** Starts (or stops) queueing images for the runner, dropping any left over. */
    static void capture(boolean on) {
        synchronized (PENDING) {
            PENDING.clear();
            capturing = on;
        }
    }

    /** The PNGs queued since the last call, in order. */
    static List<byte[]> takePending() {
        synchronized (PENDING) {
            List<byte[]> images = List.copyOf(PENDING);
            PENDING.clear();
            return images;
        }
    }

    private static boolean showInIJava(Path file) {
        Class<?> display;
        try {
            display = Class.forName(IJAVA_DISPLAY, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            Method show = display.getMethod("display", Object.class);
            show.invoke(null, image);
            return true;
        } catch (ReflectiveOperationException | IOException e) {
            return false;
        }
    }
}
