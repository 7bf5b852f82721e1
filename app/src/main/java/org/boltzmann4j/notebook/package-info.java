/**
 * Executable Jupyter notebooks: {@link org.boltzmann4j.notebook.NotebookRunner} runs the Java code
 * cells of an {@code .ipynb} file through JShell against the project's classes and writes their
 * outputs back; {@link org.boltzmann4j.notebook.Notebook} and {@link org.boltzmann4j.notebook.Display}
 * are the small API that cells call (budgets, output directories, pictures).
 */
package org.boltzmann4j.notebook;
