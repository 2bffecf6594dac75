/**
 * GPU computer vision for Java in the style of CV-CUDA: tensors, zero-copy interop and operators.
 *
 * <p>{@link dev.cvj.tensor} holds the {@link dev.cvj.tensor.Tensor} and its batches, {@link dev.cvj.interop}
 * exchanges GPU memory with other libraries and processes (CUDA array interface, DLPack, CUDA IPC), and
 * {@link dev.cvj.ops} holds the operators, each with a GPU path and a CPU path for host tensors.
 *
 * <p>The native calls are made by {@code dev.cvj.cuda}, which this module requires transitively: run with
 * {@code --enable-native-access=dev.cvj.cuda}.
 */
module dev.cvj.cv {
    requires transitive dev.cvj.cuda;
    requires java.logging; // DLPack logs a deleter that failed

    exports dev.cvj.tensor;
    exports dev.cvj.interop;
    exports dev.cvj.ops;
}
