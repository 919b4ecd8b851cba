// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Javadoc of the public API builds with doclint on and warnings as errors (no missing comments). */
class DocsTest {
    @Test
    void javadocHasNoWarnings(@TempDir Path out) throws Exception {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        assumeTrue(tool != null, "no javadoc tool in this JDK");
        Path src = Fixtures.ROOT.resolve("bindings/java/src/org/libdpp");
        List<String> files;
        try (Stream<Path> s = Files.list(src)) {
            files = s.map(Path::toString).filter(f -> f.endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() > 20, "sources not found in " + src);
        List<String> args = new ArrayList<>(List.of("-quiet", "-Xdoclint:all", "-Werror", "-encoding", "UTF-8",
                                                    "-d", out.toString(), "-cp", ExampleTest.jar()));
        args.addAll(files);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        int rc = tool.run(null, ps, ps, args.toArray(new String[0]));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(out.resolve("org/libdpp/Verifier.html")));
    }
}
