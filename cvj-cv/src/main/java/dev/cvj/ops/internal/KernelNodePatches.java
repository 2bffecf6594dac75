package dev.cvj.ops.internal;

import dev.cvj.cuda.Graph;
import dev.cvj.cuda.GraphExec;
import dev.cvj.cuda.KernelNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a captured chain's kernels take the address of each slot (an input or an output of the chain) as a
 * parameter, so that a replay can point them at the caller's tensors instead ({@link #retarget}). Found only when
 * that is provably all there is: every node is a kernel, a device-to-device copy or a graph allocation or free, no
 * copy touches a slot's memory, and every parameter word that points into a slot points at its start (element 0);
 * otherwise {@link #find} gives nothing and the chain is replayed through its staging tensors.
 */
final class KernelNodePatches {
    /** One parameter word holding a slot's address. */
    private record Site(KernelNode node, int param, int offset) {}

    /**
     * The alignment of the recorded slots and of every retargeting address: operators pick vectorized kernels after
     * checking their tensors' alignment, so a replay may only hand them addresses aligned as the recorded ones were
     * (CUDA allocations are 256-byte aligned).
     */
    static final long ALIGNMENT = 256;

    private final Site[][] sites;
    private final long[] current;

    private KernelNodePatches(Site[][] sites, long[] current) {
        this.sites = sites;
        this.current = current;
    }

    /**
     * The sites of the slots at {@code starts} ({@code spans} bytes each, from element 0 to one past the last) in
     * {@code graph}, or empty when retargeting could miss a use of a slot (see the class comment).
     */
    static Optional<KernelNodePatches> find(Graph graph, long[] starts, long[] spans) {
        for (long start : starts) {
            if (start % ALIGNMENT != 0) {
                return Optional.empty();
            }
        }
        int known = 0;
        for (Graph.NodeType t : new Graph.NodeType[] {Graph.NodeType.KERNEL, Graph.NodeType.MEMCPY,
                Graph.NodeType.MEM_ALLOC, Graph.NodeType.MEM_FREE}) {
            known += graph.nodeCount(t);
        }
        if (known != graph.nodeCount()) {
            return Optional.empty(); // a memset, a host function, an event: what it touches is not looked at
        }
        for (int a = 0; a < starts.length; a++) {
            for (int b = a + 1; b < starts.length; b++) {
                if (overlaps(starts[a], starts[a] + spans[a], starts[b], starts[b] + spans[b])) {
                    return Optional.empty();
                }
            }
        }
        Optional<List<long[]>> copies = graph.memcpyRanges();
        if (copies.isEmpty()) {
            return Optional.empty();
        }
        for (long[] r : copies.get()) {
            for (int s = 0; s < starts.length; s++) {
                if (overlaps(r[0], r[1], starts[s], starts[s] + spans[s])) {
                    return Optional.empty();
                }
            }
        }
        Optional<List<KernelNode>> kernels = graph.kernelNodes();
        if (kernels.isEmpty()) {
            return Optional.empty();
        }
        List<List<Site>> found = new ArrayList<>();
        for (int s = 0; s < starts.length; s++) {
            found.add(new ArrayList<>());
        }
        for (KernelNode k : kernels.get()) {
            for (int i = 0; i < k.parameterCount(); i++) {
                for (int off = 0; off + 8 <= k.parameterSize(i); off += 8) {
                    long v = k.longAt(i, off);
                    for (int s = 0; s < starts.length; s++) {
                        if (v == starts[s]) {
                            found.get(s).add(new Site(k, i, off));
                        } else if (v > starts[s] && v <= starts[s] + spans[s]) {
                            return Optional.empty(); // a pointer into the slot past element 0: not retargeted safely
                        }
                    }
                }
            }
        }
        Site[][] sites = new Site[starts.length][];
        for (int s = 0; s < starts.length; s++) {
            if (found.get(s).isEmpty()) {
                return Optional.empty(); // a slot no kernel takes: used some other way
            }
            sites[s] = found.get(s).toArray(new Site[0]);
        }
        return Optional.of(new KernelNodePatches(sites, starts.clone()));
    }

    private static boolean overlaps(long a0, long a1, long b0, long b1) {
        return a0 < b1 && b0 < a1;
    }

    /**
     * Points the kernels of {@code exec} at {@code targets} (one address per slot, element 0 of a tensor of the slot's
     * spec and strides); only nodes whose slots moved since the last call are set. Later launches see the change,
     * launches already queued do not.
     */
    void retarget(GraphExec exec, long[] targets) {
        Set<KernelNode> changed = null;
        for (int s = 0; s < targets.length; s++) {
            if (targets[s] == current[s]) {
                continue;
            }
            if (changed == null) {
                changed = new LinkedHashSet<>();
            }
            for (Site site : sites[s]) {
                site.node().setLong(site.param(), site.offset(), targets[s]);
                changed.add(site.node());
            }
        }
        if (changed == null) {
            return;
        }
        for (KernelNode k : changed) {
            k.applyTo(exec);
        }
        System.arraycopy(targets, 0, current, 0, current.length); // only once every node took them
    }
}
