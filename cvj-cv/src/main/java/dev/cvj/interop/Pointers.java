package dev.cvj.interop;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.PointerAttributes;

/** The device of a pointer that an array interface or a DLPack tensor hands to interop. */
final class Pointers {
    private Pointers() {}

    /**
     * The device that owns device (or managed) memory at {@code ptr}; a null pointer (an empty array) gives
     * the current device. Host memory is refused with an {@link IllegalArgumentException} that starts with
     * {@code what}; see {@link PointerAttributes#deviceOf}.
     */
    static Device deviceOf(long ptr, String what) {
        return ptr == 0 ? Device.current() : PointerAttributes.deviceOf(ptr, what);
    }
}
