package dev.cvj.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.base.DescribedPredicate;
import dev.cvj.bench.cuda.TrivialCallBench;
import dev.cvj.bench.ops.CallLatencyGpuMain;

/**
 * The layering of docs/DESIGN.md, checked on the main classes of every module (this module sees them all):
 * raw bindings -> idiomatic CUDA -> CUDA interop -> tensor -> operators / interop -> codec -> samples, bench, cli
 * (the codec's own raw bindings, dev.cvj.codec.raw, sit beside cvj-cuda's and serve dev.cvj.codec only; the codec's
 * ModelInputPipeline runs the operators after the decoder).
 * Nothing depends on a layer above it. Two benchmarks measure a lower layer itself and are the only
 * exceptions: {@link TrivialCallBench} (the raw bindings' call cost) and {@link CallLatencyGpuMain} (the parts
 * of an operator call, through the operator toolkit).
 */
@AnalyzeClasses(packages = "dev.cvj", importOptions = LayeringTest.MainClassesOnly.class)
class LayeringTest {
    private static final String RAW = "dev.cvj.cuda.raw..";
    private static final String CUDA_INTEROP = "dev.cvj.cuda.interop..";
    private static final String TOOLKIT = "dev.cvj.ops.internal..";
    private static final String CODEC_RAW = "dev.cvj.codec.raw..";

    private static final DescribedPredicate<JavaClass> CUDA =
            resideInAPackage("dev.cvj.cuda..").and(not(resideInAnyPackage(RAW, CUDA_INTEROP))).as("dev.cvj.cuda");
    private static final DescribedPredicate<JavaClass> CODEC =
            resideInAPackage("dev.cvj.codec..").and(not(resideInAPackage(CODEC_RAW))).as("dev.cvj.codec");
    private static final DescribedPredicate<JavaClass> OPS =
            resideInAPackage("dev.cvj.ops..").and(not(resideInAPackage(TOOLKIT))).as("dev.cvj.ops");

    /** Classes of src/main only: test classes and test jars (a test fixture may reach anywhere) are not checked. */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("raw bindings").definedBy(RAW)
            .layer("idiomatic CUDA").definedBy(CUDA)
            .layer("CUDA interop").definedBy(CUDA_INTEROP)
            .layer("tensor").definedBy("dev.cvj.tensor..")
            .layer("operators").definedBy(OPS)
            .layer("operator toolkit").definedBy(TOOLKIT)
            .layer("interop").definedBy("dev.cvj.interop..")
            .layer("codec raw bindings").definedBy(CODEC_RAW)
            .layer("codec").definedBy(CODEC)
            .layer("cli").definedBy("dev.cvj.cli..")
            .layer("samples").definedBy("dev.cvj.samples..")
            .layer("bench").definedBy("dev.cvj.bench..")
            .whereLayer("bench").mayNotBeAccessedByAnyLayer()
            .whereLayer("samples").mayNotBeAccessedByAnyLayer()
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("codec").mayOnlyBeAccessedByLayers("samples", "bench", "cli")
            .whereLayer("codec raw bindings").mayOnlyBeAccessedByLayers("codec")
            .whereLayer("interop").mayOnlyBeAccessedByLayers("samples", "bench")
            .whereLayer("operators").mayOnlyBeAccessedByLayers("operator toolkit", "codec", "samples", "bench", "cli")
            .whereLayer("operator toolkit").mayOnlyBeAccessedByLayers("operators")
            .whereLayer("tensor").mayOnlyBeAccessedByLayers("operators", "operator toolkit", "interop", "codec", "samples",
                    "bench", "cli")
            .whereLayer("CUDA interop").mayOnlyBeAccessedByLayers("tensor", "operators", "operator toolkit", "interop",
                    "samples", "bench")
            .whereLayer("idiomatic CUDA").mayOnlyBeAccessedByLayers("CUDA interop", "tensor", "operators",
                    "operator toolkit", "interop", "codec", "samples", "bench", "cli")
            .whereLayer("raw bindings").mayOnlyBeAccessedByLayers("idiomatic CUDA", "codec raw bindings")
            .ignoreDependency(equivalentTo(TrivialCallBench.class), resideInAPackage(RAW))
            .ignoreDependency(equivalentTo(CallLatencyGpuMain.class), resideInAPackage(TOOLKIT))
            .because("docs/DESIGN.md: data flows one way, nothing imports from above it");

    @ArchTest
    static final ArchRule cvjCvUsesTheIdiomaticCudaLayerOnly = noClasses()
            .that().resideInAnyPackage("dev.cvj.tensor..", "dev.cvj.interop..", "dev.cvj.ops..")
            .should().dependOnClassesThat().resideInAPackage(RAW)
            .because("cvj-cv builds on dev.cvj.cuda; what it needs from CUDA belongs in that layer");

    @ArchTest
    static final ArchRule samplesUseThePublicApiOnly = noClasses()
            .that().resideInAPackage("dev.cvj.samples..")
            .should().dependOnClassesThat().resideInAnyPackage(RAW, TOOLKIT)
            .because("the samples show what a user writes: public API only");

    @ArchTest
    static final ArchRule toolkitServesTheOperatorsOnly = classes()
            .that().resideInAPackage(TOOLKIT)
            .should().onlyHaveDependentClassesThat(resideInAPackage("dev.cvj.ops..")
                    .or(equivalentTo(CallLatencyGpuMain.class)))
            .because("dev.cvj.ops.internal is the operators' toolkit, not API");

    @ArchTest
    static final ArchRule everyClassIsInALayer = classes()
            .should().resideInAnyPackage(RAW, "dev.cvj.cuda..", "dev.cvj.tensor..", "dev.cvj.ops..", "dev.cvj.interop..",
                    "dev.cvj.codec..", "dev.cvj.cli..", "dev.cvj.samples..", "dev.cvj.bench..")
            .because("a new package gets its place in docs/DESIGN.md and in these rules");
}
