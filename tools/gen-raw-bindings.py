#!/usr/bin/env python3
"""Generates the raw binding classes (cvj-cuda's dev.cvj.cuda.raw.Runtime, Driver, Nvrtc and cvj-codec's
dev.cvj.codec.raw.NvJpeg) from the signature lists below: one static Java method per C function, nothing else. Run it after editing a list:

    python3 tools/gen-raw-bindings.py          # --check: only verify (GeneratedBindingsTest runs it in CI)

Types: i32 (int, enums, unsigned int), i64 (size_t, unsigned long long, and every device address or
opaque handle: cudaStream_t, CUfunction, ...), f32, ptr (host memory: out-parameters, arrays, strings),
and byval64 (a 64-byte struct passed by value: the IPC handles).
Options: crit = Linker.Option.critical(false) for short calls that neither block nor call back;
heap = critical(true), which also accepts Java heap segments (copies; callers keep each call short).
Anything else is bound without options: calls that may block, allocate, or run long. That includes every
call that queues work on a stream (launches, async copies and memsets, event records, graph launches,
stream-ordered malloc/free): they return in microseconds as a rule, but block when the stream's queue is
full, and a pageable async copy runs synchronously. A critical call that blocks holds off every GC
safepoint of the JVM, and one waiting on a stream behind a host function (an upcall into Java) can
deadlock with it; the thread-state transition they would save costs tens of nanoseconds.
"""
import pathlib, re, sys

RUNTIME = """
cudaRuntimeGetVersion(ptr runtimeVersion) crit
cudaDriverGetVersion(ptr driverVersion) crit
cudaGetDeviceCount(ptr count) crit
cudaGetDevice(ptr device) crit
cudaSetDevice(i32 device) crit
cudaInitDevice(i32 device, i32 deviceFlags, i32 flags)
cudaDeviceGetAttribute(ptr value, i32 attr, i32 device) crit
cudaDeviceSynchronize()
cudaDeviceReset()
cudaDeviceGetPCIBusId(ptr pciBusId, i32 len, i32 device) crit
cudaMemGetInfo(ptr free, ptr total)
cudaDeviceCanAccessPeer(ptr canAccessPeer, i32 device, i32 peerDevice) crit
cudaDeviceEnablePeerAccess(i32 peerDevice, i32 flags)
cudaDeviceDisablePeerAccess(i32 peerDevice)
cudaGetLastError() crit
cudaPeekAtLastError() crit
cudaMalloc(ptr devPtr, i64 size)
cudaFree(i64 devPtr)
cudaMallocAsync(ptr devPtr, i64 size, i64 stream)
cudaFreeAsync(i64 devPtr, i64 stream)
cudaDeviceGetDefaultMemPool(ptr memPool, i32 device) crit
cudaDeviceGetMemPool(ptr memPool, i32 device) crit
cudaMemPoolSetAttribute(i64 memPool, i32 attr, ptr value) crit
cudaMemPoolGetAttribute(i64 memPool, i32 attr, ptr value) crit
cudaMemPoolTrimTo(i64 memPool, i64 minBytesToKeep)
cudaMallocHost(ptr ptr, i64 size)
cudaHostAlloc(ptr pHost, i64 size, i32 flags)
cudaFreeHost(i64 ptr)
cudaHostRegister(i64 ptr, i64 size, i32 flags)
cudaHostUnregister(i64 ptr)
cudaMemcpy(i64 dst, i64 src, i64 count, i32 kind)
cudaMemcpy(ptr dst, ptr src, i64 count, i32 kind) heap as cudaMemcpyHeap
cudaMemcpyAsync(i64 dst, i64 src, i64 count, i32 kind, i64 stream)
cudaMemcpyAsync(ptr dst, ptr src, i64 count, i32 kind, i64 stream) heap as cudaMemcpyAsyncHeap
cudaMemcpy2D(i64 dst, i64 dpitch, i64 src, i64 spitch, i64 width, i64 height, i32 kind)
cudaMemcpy2D(ptr dst, i64 dpitch, ptr src, i64 spitch, i64 width, i64 height, i32 kind) heap as cudaMemcpy2DHeap
cudaMemcpy2DAsync(i64 dst, i64 dpitch, i64 src, i64 spitch, i64 width, i64 height, i32 kind, i64 stream)
cudaMemcpyPeer(i64 dst, i32 dstDevice, i64 src, i32 srcDevice, i64 count)
cudaMemcpyPeerAsync(i64 dst, i32 dstDevice, i64 src, i32 srcDevice, i64 count, i64 stream)
cudaMemset(i64 devPtr, i32 value, i64 count)
cudaMemsetAsync(i64 devPtr, i32 value, i64 count, i64 stream)
cudaMemset2D(i64 devPtr, i64 pitch, i32 value, i64 width, i64 height)
cudaMemset2DAsync(i64 devPtr, i64 pitch, i32 value, i64 width, i64 height, i64 stream)
cudaPointerGetAttributes(ptr attributes, i64 ptr) crit
cudaStreamCreateWithFlags(ptr pStream, i32 flags)
cudaStreamCreateWithPriority(ptr pStream, i32 flags, i32 priority)
cudaStreamDestroy(i64 stream)
cudaStreamSynchronize(i64 stream)
cudaStreamQuery(i64 stream) crit
cudaStreamWaitEvent(i64 stream, i64 event, i32 flags)
cudaStreamGetFlags(i64 hStream, ptr flags) crit
cudaStreamGetPriority(i64 hStream, ptr priority) crit
cudaStreamGetDevice(i64 hStream, ptr device) crit
cudaDeviceGetStreamPriorityRange(ptr leastPriority, ptr greatestPriority) crit
cudaLaunchHostFunc(i64 stream, ptr fn, i64 userData)
cudaEventCreate(ptr event)
cudaEventCreateWithFlags(ptr event, i32 flags)
cudaEventDestroy(i64 event)
cudaEventRecord(i64 event, i64 stream)
cudaEventSynchronize(i64 event)
cudaEventQuery(i64 event) crit
cudaEventElapsedTime(ptr ms, i64 start, i64 end) crit
cudaIpcGetMemHandle(ptr handle, i64 devPtr)
cudaIpcOpenMemHandle(ptr devPtr, byval64 handle, i32 flags)
cudaIpcCloseMemHandle(i64 devPtr)
cudaIpcGetEventHandle(ptr handle, i64 event)
cudaIpcOpenEventHandle(ptr event, byval64 handle)
cudaStreamBeginCapture(i64 stream, i32 mode)
cudaStreamEndCapture(i64 stream, ptr pGraph)
cudaStreamIsCapturing(i64 stream, ptr pCaptureStatus) crit
cudaThreadExchangeStreamCaptureMode(ptr mode) crit
cudaStreamGetId(i64 hStream, ptr streamId) crit
cudaGraphInstantiate(ptr pGraphExec, i64 graph, i64 flags)
cudaGraphLaunch(i64 graphExec, i64 stream)
cudaGraphExecDestroy(i64 graphExec)
cudaGraphDestroy(i64 graph)
cudaGraphGetNodes(i64 graph, ptr nodes, ptr numNodes) crit
cudaGraphNodeGetType(i64 node, ptr pType) crit
cudaGraphMemcpyNodeGetParams(i64 node, ptr pNodeParams) crit
cudaGraphUpload(i64 graphExec, i64 stream)
"""
# cudaGetErrorName / cudaGetErrorString return const char*; written by hand below.

DRIVER = """
cuInit(i32 flags)
cuDriverGetVersion(ptr driverVersion) crit
cuDeviceGet(ptr device, i32 ordinal) crit
cuDeviceGetCount(ptr count) crit
cuDeviceGetName(ptr name, i32 len, i32 dev) crit
cuDeviceGetUuid_v2(ptr uuid, i32 dev) crit as cuDeviceGetUuid
cuDeviceTotalMem_v2(ptr bytes, i32 dev) crit as cuDeviceTotalMem
cuDeviceGetAttribute(ptr pi, i32 attrib, i32 dev) crit
cuDevicePrimaryCtxRetain(ptr pctx, i32 dev)
cuDevicePrimaryCtxRelease_v2(i32 dev) as cuDevicePrimaryCtxRelease
cuDevicePrimaryCtxGetState(ptr flags, ptr active, i32 dev) crit
cuCtxGetCurrent(ptr pctx) crit
cuCtxSetCurrent(i64 ctx) crit
cuCtxPushCurrent_v2(i64 ctx) crit as cuCtxPushCurrent
cuCtxPopCurrent_v2(ptr pctx) crit as cuCtxPopCurrent
cuCtxSynchronize()
cuModuleLoadData(ptr module, ptr image)
cuModuleLoadDataEx(ptr module, ptr image, i32 numOptions, ptr options, ptr optionValues)
cuModuleUnload(i64 hmod)
cuModuleGetFunction(ptr hfunc, i64 hmod, ptr name)
cuModuleLoadFatBinary(ptr module, ptr fatCubin)
cuModuleGetGlobal_v2(ptr dptr, ptr bytes, i64 hmod, ptr name) as cuModuleGetGlobal
cuFuncGetAttribute(ptr pi, i32 attrib, i64 hfunc) crit
cuFuncSetAttribute(i64 hfunc, i32 attrib, i32 value) crit
cuFuncGetParamInfo(i64 func, i64 paramIndex, ptr paramOffset, ptr paramSize) crit
cuFuncGetName(ptr name, i64 hfunc) crit
cuLaunchKernel(i64 f, i32 gridDimX, i32 gridDimY, i32 gridDimZ, i32 blockDimX, i32 blockDimY, i32 blockDimZ, i32 sharedMemBytes, i64 hStream, ptr kernelParams, ptr extra)
cuOccupancyMaxActiveBlocksPerMultiprocessor(ptr numBlocks, i64 func, i32 blockSize, i64 dynamicSMemSize) crit
cuOccupancyMaxPotentialBlockSize(ptr minGridSize, ptr blockSize, i64 func, ptr blockSizeToDynamicSMemSize, i64 dynamicSMemSize, i32 blockSizeLimit)
cuOccupancyAvailableDynamicSMemPerBlock(ptr dynamicSmemSize, i64 func, i32 numBlocks, i32 blockSize) crit
cuPointerGetAttribute(ptr data, i32 attribute, i64 ptr) crit
cuGraphKernelNodeGetParams_v2(i64 hNode, ptr nodeParams) crit as cuGraphKernelNodeGetParams
cuGraphExecKernelNodeSetParams_v2(i64 hGraphExec, i64 hNode, ptr nodeParams) as cuGraphExecKernelNodeSetParams
"""
# cuGetErrorName / cuGetErrorString take a const char** out-parameter: ordinary ptr arguments.
DRIVER += """
cuGetErrorName(i32 error, ptr pStr) crit
cuGetErrorString(i32 error, ptr pStr) crit
"""

NVRTC = """
nvrtcVersion(ptr major, ptr minor) crit
nvrtcGetNumSupportedArchs(ptr numArchs) crit
nvrtcGetSupportedArchs(ptr supportedArchs) crit
nvrtcCreateProgram(ptr prog, ptr src, ptr name, i32 numHeaders, ptr headers, ptr includeNames)
nvrtcDestroyProgram(ptr prog)
nvrtcCompileProgram(i64 prog, i32 numOptions, ptr options)
nvrtcGetPTXSize(i64 prog, ptr ptxSizeRet) crit
nvrtcGetPTX(i64 prog, ptr ptx) crit
nvrtcGetCUBINSize(i64 prog, ptr cubinSizeRet) crit
nvrtcGetCUBIN(i64 prog, ptr cubin) crit
nvrtcGetProgramLogSize(i64 prog, ptr logSizeRet) crit
nvrtcGetProgramLog(i64 prog, ptr log) crit
nvrtcAddNameExpression(i64 prog, ptr nameExpression) crit
nvrtcGetLoweredName(i64 prog, ptr nameExpression, ptr loweredName) crit
nvrtcGetLTOIRSize(i64 prog, ptr LTOIRSizeRet) crit
nvrtcGetLTOIR(i64 prog, ptr LTOIR) crit
"""

NVJPEG = """
nvjpegGetProperty(i32 type, ptr value) crit
nvjpegCreateEx(i32 backend, ptr devAllocator, ptr pinnedAllocator, i32 flags, ptr handle)
nvjpegDestroy(i64 handle)
nvjpegJpegStateCreate(i64 handle, ptr jpegHandle)
nvjpegJpegStateDestroy(i64 jpegHandle)
nvjpegGetImageInfo(i64 handle, ptr data, i64 length, ptr nComponents, ptr subsampling, ptr widths, ptr heights)
nvjpegDecodeBatchedInitialize(i64 handle, i64 jpegHandle, i32 batchSize, i32 maxCpuThreads, i32 outputFormat)
nvjpegDecodeBatched(i64 handle, i64 jpegHandle, ptr data, ptr lengths, ptr destinations, i64 stream)
nvjpegDecodeBatchedSupported(i64 handle, i64 jpegStream, ptr isSupported)
nvjpegDecoderCreate(i64 handle, i32 implementation, ptr decoderHandle)
nvjpegDecoderDestroy(i64 decoderHandle)
nvjpegDecoderJpegSupported(i64 decoderHandle, i64 jpegStream, i64 decodeParams, ptr isSupported)
nvjpegDecoderStateCreate(i64 handle, i64 decoderHandle, ptr decoderState)
nvjpegJpegStreamCreate(i64 handle, ptr jpegStream)
nvjpegJpegStreamDestroy(i64 jpegStream)
nvjpegJpegStreamParse(i64 handle, ptr data, i64 length, i32 saveMetadata, i32 saveStream, i64 jpegStream)
nvjpegJpegStreamParseHeader(i64 handle, ptr data, i64 length, i64 jpegStream)
nvjpegJpegStreamGetFrameDimensions(i64 jpegStream, ptr width, ptr height) crit
nvjpegJpegStreamGetComponentsNum(i64 jpegStream, ptr componentsNum) crit
nvjpegJpegStreamGetChromaSubsampling(i64 jpegStream, ptr chromaSubsampling) crit
nvjpegJpegStreamGetJpegEncoding(i64 jpegStream, ptr jpegEncoding) crit
nvjpegBufferPinnedCreate(i64 handle, ptr pinnedAllocator, ptr buffer)
nvjpegBufferPinnedDestroy(i64 buffer)
nvjpegBufferDeviceCreate(i64 handle, ptr deviceAllocator, ptr buffer)
nvjpegBufferDeviceDestroy(i64 buffer)
nvjpegStateAttachPinnedBuffer(i64 decoderState, i64 pinnedBuffer)
nvjpegStateAttachDeviceBuffer(i64 decoderState, i64 deviceBuffer)
nvjpegDecodeParamsCreate(i64 handle, ptr decodeParams)
nvjpegDecodeParamsDestroy(i64 decodeParams)
nvjpegDecodeParamsSetOutputFormat(i64 decodeParams, i32 outputFormat) crit
nvjpegDecodeParamsSetAllowCMYK(i64 decodeParams, i32 allowCmyk) crit
nvjpegDecodeJpegHost(i64 handle, i64 decoder, i64 decoderState, i64 decodeParams, i64 jpegStream)
nvjpegDecodeJpegTransferToDevice(i64 handle, i64 decoder, i64 decoderState, i64 jpegStream, i64 stream)
nvjpegDecodeJpegDevice(i64 handle, i64 decoder, i64 decoderState, ptr destination, i64 stream)
nvjpegEncoderStateCreate(i64 handle, ptr encoderState, i64 stream)
nvjpegEncoderStateDestroy(i64 encoderState)
nvjpegEncoderParamsCreate(i64 handle, ptr encoderParams, i64 stream)
nvjpegEncoderParamsDestroy(i64 encoderParams)
nvjpegEncoderParamsSetQuality(i64 encoderParams, i32 quality, i64 stream)
nvjpegEncoderParamsSetSamplingFactors(i64 encoderParams, i32 chromaSubsampling, i64 stream)
nvjpegEncodeImage(i64 handle, i64 encoderState, i64 encoderParams, ptr source, i32 inputFormat, i32 imageWidth, i32 imageHeight, i64 stream)
nvjpegEncodeRetrieveBitstream(i64 handle, i64 encoderState, ptr data, ptr length, i64 stream)
"""
# The handles (nvjpegHandle_t, nvjpegJpegState_t, ...) are opaque pointers: i64 like CUDA's. nvjpegImage_t and
# the allocator structs are host memory (ptr); nvjpegImage_t is laid out by dev.cvj.codec.raw.NvJpegTypes.

JT = {"i32": "int", "i64": "long", "f32": "float", "ptr": "MemorySegment", "byval64": "MemorySegment"}
LT = {"i32": "INT", "i64": "SIZE", "f32": "FLOAT", "ptr": "PTR", "byval64": "IPC_HANDLE"}
OPT = {"crit": "CRITICAL", "heap": "CRITICAL_HEAP", "": "NONE"}

def parse(spec):
    for line in filter(str.strip, spec.strip().splitlines()):
        m = re.match(r"(\w+)\((.*?)\)\s*(crit|heap)?\s*(?:as (\w+))?\s*$", line.strip())
        if not m:
            raise SystemExit("bad line: " + line)
        c, args, opt, alias = m.groups()
        params = [a.split() for a in args.split(",") if a.strip()]
        yield c, alias or c, params, opt or ""

# The Javadoc of each parameter and of the status, by type: the C argument of that name, as it crosses over.
PARAM_DOC = {
    "i32": "the C argument {{@code {0}}} (an int, an enum or an unsigned int)",
    "i64": "the C argument {{@code {0}}} (a size, a device address or an opaque handle, 64 bits)",
    "f32": "the C argument {{@code {0}}} (a float)",
    "ptr": "host memory for the C argument {{@code {0}}} (an out-parameter, an array or a string)",
    "byval64": "the 64-byte struct passed by value as the C argument {{@code {0}}}",
}

def emit(cls, lib, doc, spec, status, extra="", module="cvj-cuda", package="dev.cvj.cuda.raw",
         turns="{@code dev.cvj.cuda}", exception="CudaException"):
    imports = "" if package == "dev.cvj.cuda.raw" else \
        "import dev.cvj.cuda.raw.CudaLibrary;\nimport dev.cvj.cuda.raw.CudaLibraryException;\n"
    out = [f"""package {package};

import static dev.cvj.cuda.raw.linker.Downcalls.*;

{imports}import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {doc}
 *
 * <p>Generated by {{@code tools/gen-raw-bindings.py}}: one static method per C function, returning the C
 * status code unchanged. Device addresses and opaque handles are {{@code long}}; host memory is a
 * {{@link MemorySegment}}. Errors are not interpreted here: the idiomatic layer ({turns})
 * turns a non-zero status into a {{@code {exception}}}. A method throws {{@link CudaLibraryException}} when
 * the library cannot be loaded or lacks the function (the message says where it looked), and what the FFM linker
 * throws for an unusable segment: {{@code IllegalArgumentException}} for a Java heap segment where a method does
 * not accept heap segments, {{@code IllegalStateException}} for a segment whose arena is closed or belongs to
 * another thread.
 */
public final class {cls} {{
    private {cls}() {{}}
"""]
    for c, jname, params, opt in parse(spec):
        lay = ", ".join(LT[t] for t, _ in params)
        sig = ", ".join(f"{JT[t]} {n}" for t, n in params)
        call = ", ".join(n for _, n in params)
        h = jname + "$MH"
        out.append(f"""
    private static final MethodHandle {h} =
            bind(CudaLibrary.{lib}, "{c}", status({lay}), {OPT[opt]});

    /**
     * {{@code {c}}}{' (' + ('critical' if opt=='crit' else 'critical, accepts heap segments') + ')' if opt else ''}.
     *
{"".join(f"     * @param {n} {PARAM_DOC[t].format(n)}{chr(10)}" for t, n in params)}     * @return {status}
     */
    public static int {jname}({sig}) {{
        try {{
            return (int) {h}.invokeExact({call});
        }} catch (Throwable t) {{
            throw rethrow(t);
        }}
    }}
""")
    out.append(extra)
    out.append("}\n")
    p = (pathlib.Path(__file__).resolve().parent.parent / module / "src/main/java" / package.replace(".", "/")
         / f"{cls}.java")
    text = "".join(out)
    if CHECK:
        if not p.exists() or p.read_text() != text:
            STALE.append(str(p))
    else:
        p.write_text(text)

RUNTIME_EXTRA = """
    private static final MethodHandle cudaGetErrorName$MH = bind(CudaLibrary.CUDART, "cudaGetErrorName",
            java.lang.foreign.FunctionDescriptor.of(PTR, INT), CRITICAL);
    private static final MethodHandle cudaGetErrorString$MH = bind(CudaLibrary.CUDART, "cudaGetErrorString",
            java.lang.foreign.FunctionDescriptor.of(PTR, INT), CRITICAL);

    /**
     * {@code cudaGetErrorName}: a static C string, as a zero-length segment (read it with {@code reinterpret}).
     *
     * @param error a {@code cudaError_t} status
     * @return the status's name, e.g. {@code cudaErrorInvalidValue}
     */
    public static MemorySegment cudaGetErrorName(int error) {
        try {
            return (MemorySegment) cudaGetErrorName$MH.invokeExact(error);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cudaGetErrorString}: a static C string, as a zero-length segment.
     *
     * @param error a {@code cudaError_t} status
     * @return the status's explanation
     */
    public static MemorySegment cudaGetErrorString(int error) {
        try {
            return (MemorySegment) cudaGetErrorString$MH.invokeExact(error);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
"""

NVRTC_EXTRA = """
    private static final MethodHandle nvrtcGetErrorString$MH = bind(CudaLibrary.NVRTC, "nvrtcGetErrorString",
            java.lang.foreign.FunctionDescriptor.of(PTR, INT), CRITICAL);

    /**
     * {@code nvrtcGetErrorString}: the status's name (e.g. {@code NVRTC_ERROR_COMPILATION}), a static C string.
     *
     * @param result an {@code nvrtcResult} status
     * @return the status's name, as a zero-length segment
     */
    public static MemorySegment nvrtcGetErrorString(int result) {
        try {
            return (MemorySegment) nvrtcGetErrorString$MH.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
"""

# --check: write nothing; exit 1 if a generated file differs from what the lists above produce (CI runs this).
CHECK = "--check" in sys.argv[1:]
STALE = []

emit("Runtime", "CUDART", "Raw bindings to the CUDA Runtime API ({@code libcudart}).", RUNTIME,
     "the {@code cudaError_t} status: 0 ({@code cudaSuccess}) or an error", RUNTIME_EXTRA)
emit("Driver", "DRIVER", "Raw bindings to the CUDA Driver API ({@code libcuda.so.1}).", DRIVER,
     "the {@code CUresult} status: 0 ({@code CUDA_SUCCESS}) or an error")
emit("Nvrtc", "NVRTC", "Raw bindings to NVRTC, the CUDA runtime compiler ({@code libnvrtc}).", NVRTC,
     "the {@code nvrtcResult} status: 0 ({@code NVRTC_SUCCESS}) or an error", NVRTC_EXTRA)
emit("NvJpeg", "NVJPEG", "Raw bindings to nvJPEG, NVIDIA's JPEG decoder and encoder ({@code libnvjpeg}).", NVJPEG,
     "the {@code nvjpegStatus_t} status: 0 ({@code NVJPEG_STATUS_SUCCESS}) or an error",
     module="cvj-codec", package="dev.cvj.codec.raw", turns="{@code dev.cvj.codec}", exception="NvJpegException")
if CHECK:
    if STALE:
        print("stale generated bindings (run python3 tools/gen-raw-bindings.py): " + ", ".join(STALE))
        sys.exit(1)
    print("generated bindings are up to date")
else:
    print("generated Runtime, Driver, Nvrtc, NvJpeg")
