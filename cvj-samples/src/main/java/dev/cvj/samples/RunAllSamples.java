package dev.cvj.samples;

/** Runs every sample (the README's main command). */
public final class RunAllSamples {
    private RunAllSamples() {}

    public static void main(String[] args) {
        System.out.println("cvj samples");
    }
}
