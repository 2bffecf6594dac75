package dev.cvj.cli;

import dev.cvj.codec.EncodedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads files batch by batch on a small thread pool, {@link #AHEAD} batches ahead of the one being processed, so
 * that disk reads overlap decoding. A file that cannot be read is a {@link Read} with an error, not an exception.
 */
final class PrefetchingReader implements AutoCloseable, Iterator<PrefetchingReader.Batch> {
    /** Batches read ahead of the one returned by {@link #next()}. */
    static final int AHEAD = 2;

    /** One file: its bytes, or why they could not be read. */
    record Read(Path file, EncodedImage image, String error) {}

    /**
     * A batch as read: the images that could be read, the index in the file list of each, and one
     * {@code "file: why"} per file that could not.
     */
    record Batch(List<EncodedImage> images, List<Integer> fileIndices, List<String> failures) {}

    private final List<Path> files;
    private final int batch;
    private final ExecutorService pool;
    private final Deque<List<CompletableFuture<Read>>> queued = new ArrayDeque<>();
    private int submitted;
    private int returned;

    PrefetchingReader(List<Path> files, int batch, int threads) {
        this.files = files;
        this.batch = batch;
        this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("cvj-read-", 0).factory());
        for (int i = 0; i <= AHEAD; i++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (submitted >= files.size()) {
            return;
        }
        List<CompletableFuture<Read>> reads = new ArrayList<>();
        for (Path f : files.subList(submitted, Math.min(files.size(), submitted + batch))) {
            reads.add(CompletableFuture.supplyAsync(() -> read(f), pool));
        }
        submitted += reads.size();
        queued.add(reads);
    }

    private static Read read(Path f) {
        try {
            return new Read(f, EncodedImage.of(f.toString(), Files.readAllBytes(f)), null);
        } catch (IOException | RuntimeException e) {
            return new Read(f, null, "cannot read: " + e);
        }
    }

    /** Whether {@link #next()} has another batch. */
    @Override
    public boolean hasNext() {
        return !queued.isEmpty();
    }

    /** The next batch, in file order (waits for its reads), and starts reading one more batch. */
    @Override
    public Batch next() {
        if (queued.isEmpty()) {
            throw new NoSuchElementException("PrefetchingReader.next: no batch left");
        }
        List<CompletableFuture<Read>> reads = queued.remove();
        submitNext();
        Batch b = new Batch(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (CompletableFuture<Read> f : reads) {
            Read r = f.join();
            if (r.error() != null) {
                b.failures().add(r.file() + ": " + r.error());
            } else {
                b.images().add(r.image());
                b.fileIndices().add(returned);
            }
            returned++;
        }
        return b;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
