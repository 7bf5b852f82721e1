package org.boltzmann4j.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.core.B4jException;

import picocli.CommandLine.Option;

/**
 * {@code --classpath PATH} (or the environment variable {@code B4J_CLASSPATH}): jars or class
 * folders, separated by {@code :}, whose {@link org.boltzmann4j.system.SystemProvider}s add
 * systems that then run like built-in ones. Both may be given; the option's entries come first.
 */
final class ClasspathOption {

    static final String ENVIRONMENT = "B4J_CLASSPATH";

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "user jars or class folders (':'-separated) whose systems are registered through "
                    + "ServiceLoader (also B4J_CLASSPATH)")
    String classpath;

    /**
     * Puts the user classpath, if any, on this thread's context class loader until the returned scope
     * is closed, checking first that every entry exists.
     */
    Scope open() {
        List<URL> urls = new ArrayList<>();
        add(classpath, "--classpath", urls);
        add(System.getenv(ENVIRONMENT), ENVIRONMENT, urls);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (urls.isEmpty()) {
            return () -> { };
        }
        URLClassLoader user = new URLClassLoader(urls.toArray(URL[]::new), ClasspathOption.class.getClassLoader());
        thread.setContextClassLoader(user);
        return () -> {
            thread.setContextClassLoader(previous);
            try {
                user.close();
            } catch (java.io.IOException e) {
                // the jars were only read; nothing to recover
            }
        };
    }

    /** The span during which the user classpath is visible. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static void add(String path, String source, List<URL> urls) {
        if (path == null || path.isBlank()) {
            return;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw B4jException.badInput("%s: no such jar or folder '%s'", source, entry);
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw B4jException.badInput("%s: '%s' is not a usable path: %s", source, entry, e.getMessage());
            }
        }
    }
}
