"""Share CUDA memory between a cvj (Java) process and a Python process with CUDA IPC.

The descriptor both sides exchange is a small JSON object (cvj's ``dev.cvj.interop.CudaIpc.IpcExport``):

    {"version": 1, "handle": "<128 hex digits: the 64-byte cudaIpcMemHandle_t>",
     "offset": <bytes from the allocation base to element 0>, "device": <exporter's device ordinal>,
     "shape": [...], "typestr": "<f4", "strides": null or [... bytes], "readonly": false}

An IPC handle names a whole allocation (its base address), so the descriptor carries the offset of the
array inside it: a PyTorch tensor or a CuPy array usually sits inside a larger block of its caching
allocator, and cvj tensors may be views. Both sides compute it with the driver's
CU_POINTER_ATTRIBUTE_RANGE_START_ADDR.

Only memory from cudaMalloc (directly, or through PyTorch's / CuPy's default caching allocators) can be
shared this way. Stream-ordered memory (cudaMallocAsync, memory pools) and PyTorch's expandable segments
(cuMemCreate) cannot: ``export_to_java`` says so instead of producing a handle that cannot be opened.

The exporting process must keep the memory alive (and stay alive) until the other side has closed it.

Usage::

    import cvj_ipc
    t = cvj_ipc.open_from_java(json_text)              # a torch tensor viewing Java's memory
    a = cvj_ipc.open_from_java(json_text, lib="cupy")  # a cupy array viewing Java's memory
    with cvj_ipc.open_ipc(json_text) as m:             # explicit lifetime
        t = m.torch(); a = m.cupy()
    text = cvj_ipc.export_to_java(torch_tensor_or_cupy_array)

Only the standard library is needed to open and export (the driver is called through ctypes); PyTorch or
CuPy is needed for the views you ask for.
"""
import ctypes
import json

__all__ = ["open_from_java", "open_ipc", "export_to_java", "OpenedIpc"]

_CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL = 9
_CU_POINTER_ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE = 10
_CU_POINTER_ATTRIBUTE_RANGE_START_ADDR = 11
_CU_POINTER_ATTRIBUTE_MEMPOOL_HANDLE = 17
_CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS = 1


class _IpcMemHandle(ctypes.Structure):
    _fields_ = [("reserved", ctypes.c_ubyte * 64)]


_lib = None


def _cuda():
    global _lib
    if _lib is None:
        lib = ctypes.CDLL("libcuda.so.1")
        u64, u32, i32, p = ctypes.c_uint64, ctypes.c_uint, ctypes.c_int, ctypes.c_void_p
        lib.cuInit.argtypes = [u32]
        lib.cuDeviceGet.argtypes = [ctypes.POINTER(i32), i32]
        lib.cuDevicePrimaryCtxRetain.argtypes = [ctypes.POINTER(p), i32]
        lib.cuCtxSetCurrent.argtypes = [p]
        lib.cuCtxGetCurrent.argtypes = [ctypes.POINTER(p)]
        lib.cuPointerGetAttribute.argtypes = [p, i32, u64]
        lib.cuIpcGetMemHandle.argtypes = [ctypes.POINTER(_IpcMemHandle), u64]
        lib.cuIpcOpenMemHandle_v2.argtypes = [ctypes.POINTER(u64), _IpcMemHandle, u32]
        lib.cuIpcCloseMemHandle.argtypes = [u64]
        lib.cuStreamSynchronize.argtypes = [p]
        lib.cuGetErrorName.argtypes = [i32, ctypes.POINTER(ctypes.c_char_p)]
        for f in ("cuInit", "cuDeviceGet", "cuDevicePrimaryCtxRetain", "cuCtxSetCurrent", "cuCtxGetCurrent",
                  "cuPointerGetAttribute", "cuIpcGetMemHandle", "cuIpcOpenMemHandle_v2", "cuIpcCloseMemHandle",
                  "cuStreamSynchronize", "cuGetErrorName"):
            getattr(lib, f).restype = i32
        _lib = lib
        _check(lib.cuInit(0), "cuInit")
    return _lib


def _check(rc, what):
    if rc != 0:
        name = ctypes.c_char_p()
        _lib.cuGetErrorName(rc, ctypes.byref(name))
        raise RuntimeError(f"{what} failed: {name.value.decode() if name.value else 'CUresult ' + str(rc)}")


def _use_device(ordinal):
    """Makes the primary context of ``ordinal`` current (the one PyTorch and CuPy use)."""
    lib = _cuda()
    dev = ctypes.c_int()
    _check(lib.cuDeviceGet(ctypes.byref(dev), ordinal), f"cuDeviceGet({ordinal})")
    ctx = ctypes.c_void_p()
    _check(lib.cuDevicePrimaryCtxRetain(ctypes.byref(ctx), dev), f"cuDevicePrimaryCtxRetain({ordinal})")
    _check(lib.cuCtxSetCurrent(ctx), "cuCtxSetCurrent")


def _attribute(ptr, attribute, ctype):
    out = ctype(0)
    _check(_cuda().cuPointerGetAttribute(ctypes.byref(out), attribute, ptr),
           f"cuPointerGetAttribute({attribute}, {ptr:#x})")
    return out.value


def _contiguous_span(shape, itemsize):
    n = itemsize
    for s in shape:
        n *= s
    return n


def _byte_span(shape, strides, itemsize):
    if strides is None:
        return _contiguous_span(shape, itemsize)
    if any(s == 0 for s in shape):
        return 0
    if any(st < 0 for st in strides):
        raise ValueError("negative strides are not supported for IPC views")
    return sum((s - 1) * st for s, st in zip(shape, strides)) + itemsize


class OpenedIpc:
    """Memory of another process opened with cuIpcOpenMemHandle; exposes ``__cuda_array_interface__``.

    ``close()`` (or leaving a ``with`` block) unmaps it: arrays made by ``torch()`` / ``cupy()`` must not
    be used after that. Without an explicit close, it is closed when it and every view are collected.
    """

    def __init__(self, desc, device=None):
        if isinstance(desc, (str, bytes)):
            desc = json.loads(desc)
        if desc.get("version", 1) != 1:
            raise ValueError(f"unsupported cvj IPC descriptor version {desc.get('version')}")
        handle = bytes.fromhex(desc["handle"])
        if len(handle) != 64:
            raise ValueError(f"an IPC handle has 64 bytes, got {len(handle)}")
        self.device = int(desc.get("device", 0) if device is None else device)
        self.shape = tuple(int(s) for s in desc["shape"])
        self.typestr = desc["typestr"]
        self.strides = None if desc.get("strides") is None else tuple(int(s) for s in desc["strides"])
        self.readonly = bool(desc.get("readonly", False))
        self.offset = int(desc.get("offset", 0))
        self.itemsize = int(self.typestr[2:])
        self.nbytes = _byte_span(self.shape, self.strides, self.itemsize)
        _use_device(self.device)
        h = _IpcMemHandle()
        ctypes.memmove(h.reserved, handle, 64)
        base = ctypes.c_uint64()
        _check(_cuda().cuIpcOpenMemHandle_v2(ctypes.byref(base), h, _CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS),
               "cuIpcOpenMemHandle")
        self._base = base.value
        self.ptr = self._base + self.offset

    @property
    def __cuda_array_interface__(self):
        if not self._base:
            raise RuntimeError("IPC memory was closed")
        return {"shape": self.shape, "typestr": self.typestr, "data": (self.ptr, self.readonly),
                "strides": self.strides, "version": 3}

    def torch(self):
        """A torch tensor viewing the memory (no copy); it keeps this object alive."""
        import torch
        return torch.as_tensor(self, device=f"cuda:{self.device}")

    def cupy(self):
        """A CuPy array viewing the memory (no copy); it keeps this object alive."""
        import cupy
        import numpy
        mem = cupy.cuda.UnownedMemory(self.ptr, self.nbytes, self, self.device)
        return cupy.ndarray(self.shape, dtype=numpy.dtype(self.typestr), memptr=cupy.cuda.MemoryPointer(mem, 0),
                            strides=self.strides)

    def close(self):
        base, self._base = getattr(self, "_base", 0), 0
        if base:
            _check(_cuda().cuIpcCloseMemHandle(base), "cuIpcCloseMemHandle")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def open_ipc(desc, device=None):
    """Opens the memory a cvj process exported (``CudaIpc.export(...).toJson()``)."""
    return OpenedIpc(desc, device)


def open_from_java(desc, lib="torch", device=None):
    """A torch tensor (``lib="torch"``) or CuPy array (``lib="cupy"``) over memory exported by cvj.

    The handle is closed when the returned array (and anything viewing it) is collected. Java must keep
    its buffer open, and its process alive, until then.
    """
    m = OpenedIpc(desc, device)
    if lib == "torch":
        return m.torch()
    if lib == "cupy":
        return m.cupy()
    m.close()
    raise ValueError(f"lib must be 'torch' or 'cupy', got {lib!r}")


def export_to_java(array):
    """The JSON descriptor of a CUDA array (torch tensor, CuPy array, or any ``__cuda_array_interface__``
    object) for ``CudaIpc.open`` in Java. Keep ``array`` alive until Java has closed what it opened.

    Waits for the array's stream (the interface's "stream" field) so Java sees finished data.
    """
    if hasattr(array, "detach"):  # torch: the interface refuses tensors that require grad
        array = array.detach()
    cai = array.__cuda_array_interface__
    ptr, readonly = cai["data"]
    shape = [int(s) for s in cai["shape"]]
    typestr = cai["typestr"]
    strides = cai.get("strides")
    lib = _cuda()
    if ptr == 0:
        raise ValueError("cannot export an empty array (null data pointer) through CUDA IPC")
    device = _attribute(ptr, _CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL, ctypes.c_int)
    _use_device(device)
    if not _attribute(ptr, _CU_POINTER_ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE, ctypes.c_int):
        pool = _attribute(ptr, _CU_POINTER_ATTRIBUTE_MEMPOOL_HANDLE, ctypes.c_void_p)
        why = ("it comes from a stream-ordered memory pool (cudaMallocAsync)" if pool else
               "it was not allocated with cudaMalloc (PyTorch expandable segments or cuMemCreate?)")
        raise ValueError(f"memory at {ptr:#x} cannot be shared with the legacy CUDA IPC API: {why}")
    base = _attribute(ptr, _CU_POINTER_ATTRIBUTE_RANGE_START_ADDR, ctypes.c_uint64)
    h = _IpcMemHandle()
    _check(lib.cuIpcGetMemHandle(ctypes.byref(h), base), "cuIpcGetMemHandle")
    stream = cai.get("stream")
    if stream is not None:
        _check(lib.cuStreamSynchronize(ctypes.c_void_p(stream)), "cuStreamSynchronize")
    return json.dumps({
        "version": 1,
        "handle": bytes(h.reserved).hex(),
        "offset": ptr - base,
        "device": device,
        "shape": shape,
        "typestr": typestr,
        "strides": None if strides is None else [int(s) for s in strides],
        "readonly": bool(readonly),
    })
