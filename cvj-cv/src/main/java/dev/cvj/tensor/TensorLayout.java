package dev.cvj.tensor;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meaning of each dimension of a {@link Tensor}, as CV-CUDA labels it: {@code N} batch (samples),
 * {@code C} channels, {@code H} height, {@code W} width, {@code D} depth, {@code F} frames. The constants
 * are CV-CUDA's predefined layouts; {@link #of(String)} makes any other string of distinct labels.
 *
 * <pre>{@code
 * TensorLayout l = TensorLayout.of("NHWC");   // == TensorLayout.NHWC
 * l.rank();                                   // 4
 * l.indexOf('C');                             // 3
 * l.indexOf('D');                             // -1
 * }</pre>
 *
 * Instances are interned: {@code of("NHWC") == NHWC}.
 */
public final class TensorLayout {
    private static final ConcurrentHashMap<String, TensorLayout> INTERNED = new ConcurrentHashMap<>();
    /** The labels CV-CUDA defines. */
    public static final String LABELS = "NCHWDF";
    /** The most dimensions a layout (and a tensor) may have, as in CV-CUDA. */
    public static final int MAX_RANK = 15;

    /** The layout {@code NCHW}. */
    public static final TensorLayout NCHW = of("NCHW");
    /** The layout {@code NHWC}. */
    public static final TensorLayout NHWC = of("NHWC");
    /** The layout {@code HWC}. */
    public static final TensorLayout HWC = of("HWC");
    /** The layout {@code CHW}. */
    public static final TensorLayout CHW = of("CHW");
    /** The layout {@code HW}. */
    public static final TensorLayout HW = of("HW");
    /** The layout {@code NHW}. */
    public static final TensorLayout NHW = of("NHW");
    /** The layout {@code NC}. */
    public static final TensorLayout NC = of("NC");
    /** The layout {@code NW}. */
    public static final TensorLayout NW = of("NW");
    /** The layout {@code NWC}. */
    public static final TensorLayout NWC = of("NWC");
    /** The layout {@code NCW}. */
    public static final TensorLayout NCW = of("NCW");
    /** The layout {@code CW}. */
    public static final TensorLayout CW = of("CW");
    /** The layout {@code WC}. */
    public static final TensorLayout WC = of("WC");
    /** The layout {@code W}. */
    public static final TensorLayout W = of("W");
    /** The layout {@code NDHWC}. */
    public static final TensorLayout NDHWC = of("NDHWC");
    /** The layout {@code NCDHW}. */
    public static final TensorLayout NCDHW = of("NCDHW");
    /** The layout {@code CDHW}. */
    public static final TensorLayout CDHW = of("CDHW");
    /** The layout {@code DHWC}. */
    public static final TensorLayout DHWC = of("DHWC");
    /** The layout {@code NFHWC}. */
    public static final TensorLayout NFHWC = of("NFHWC");
    /** The layout {@code NFCHW}. */
    public static final TensorLayout NFCHW = of("NFCHW");
    /** The layout {@code FHWC}. */
    public static final TensorLayout FHWC = of("FHWC");
    /** The layout {@code FCHW}. */
    public static final TensorLayout FCHW = of("FCHW");
    /** The layout {@code NCFDHW}. */
    public static final TensorLayout NCFDHW = of("NCFDHW");

    private final String labels;

    private TensorLayout(String labels) {
        this.labels = labels;
    }

    /**
     * {@return the layout with these labels, one per dimension, outermost first} Labels are letters of {@value
     * #LABELS}, each at most once; throws {@link IllegalArgumentException} otherwise.
     *
     * @param labels the labels, outermost first
     */
    public static TensorLayout of(String labels) {
        Objects.requireNonNull(labels, "labels");
        TensorLayout l = INTERNED.get(labels);
        if (l != null) {
            return l;
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a layout needs at least one label (a tensor without labels has a null layout)");
        }
        if (labels.length() > MAX_RANK) {
            throw new IllegalArgumentException("layout \"" + labels + "\" has more than " + MAX_RANK + " labels");
        }
        for (int i = 0; i < labels.length(); i++) {
            char c = labels.charAt(i);
            if (LABELS.indexOf(c) < 0) {
                throw new IllegalArgumentException("layout \"" + labels + "\": '" + c + "' is not a label (" + LABELS + ")");
            }
            if (labels.indexOf(c) != i) {
                throw new IllegalArgumentException("layout \"" + labels + "\": label '" + c + "' appears twice");
            }
        }
        return INTERNED.computeIfAbsent(labels, TensorLayout::new);
    }

    /**
     * CV-CUDA's implicit layout of a rank ({@code NVCV_TENSOR_IMPLICIT}): 1 {@code W}, 2 {@code HW},
     * 3 {@code NHW}, 4 {@code NCHW}, 5 {@code NCDHW}, 6 {@code NCFDHW}; {@code null} for other ranks.
     * cvj never applies it silently (a wrapped tensor without a layout has none); call it to choose it.
     *
     * @param rank the rank, 1 to 6
     * @return the layout
     */
    public static TensorLayout implicitFor(int rank) {
        return switch (rank) {
            case 1 -> W;
            case 2 -> HW;
            case 3 -> NHW;
            case 4 -> NCHW;
            case 5 -> NCDHW;
            case 6 -> NCFDHW;
            default -> null;
        };
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return labels.length();
    }

    /**
     * {@return the dimension labelled {@code label}, or -1}
     *
     * @param label the label
     */
    public int indexOf(char label) {
        return labels.indexOf(label);
    }

    /**
     * {@return whether a dimension is labelled {@code label}}
     *
     * @param label the label
     */
    public boolean has(char label) {
        return labels.indexOf(label) >= 0;
    }

    /**
     * {@return the label of dimension {@code dim}}
     *
     * @param dim the dimension, from 0
     */
    public char label(int dim) {
        return labels.charAt(dim);
    }

    /** {@return the labels, outermost first, e.g. {@code "NHWC"}} */
    public String labels() {
        return labels;
    }

    /**
     * {@return whether this layout ends with {@code suffix} (e.g. {@code "HWC"} for NHWC and HWC)}
     *
     * @param suffix the labels the layout should end with
     */
    public boolean endsWith(String suffix) {
        return labels.endsWith(suffix);
    }

    @Override
    public String toString() {
        return labels;
    }
}
