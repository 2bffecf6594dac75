package dev.cvj.codec;

/**
 * An image of a batch that could not be decoded by any decoder.
 *
 * @param index the image's position in the decode call's input list
 * @param name the image's name ({@link EncodedImage#name()}: its file, when read from one)
 * @param message why, naming each decoder that was tried
 */
public record DecodeFailure(int index, String name, String message) {
    @Override
    public String toString() {
        return name + ": " + message;
    }
}
