package dev.cvj.cuda.raw;

import dev.cvj.cuda.test.GeneratedSources;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Runtime, Driver and Nvrtc (and cvj-codec's NvJpeg) are generated from the signature lists in
 * tools/gen-raw-bindings.py: an edit of either side alone must fail the build.
 */
class GeneratedBindingsTest {
    @Test
    void generatedBindingsMatchTheirSignatureLists() throws IOException, InterruptedException {
        GeneratedSources.assertUpToDate("gen-raw-bindings.py");
    }
}
