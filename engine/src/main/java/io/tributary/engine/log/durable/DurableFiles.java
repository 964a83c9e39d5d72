package io.tributary.engine.log.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Small files replaced whole (the stream catalog, the KMS keys, the master key and token secret, a
 * cluster's snapshots) and directory entries made durable. Blocking: run it off the event loops.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /**
     * Replaces {@code file} with {@code content}: written under another name, forced, renamed over
     * the file, and the directory forced. A crash, or a write cut short (a full disk), leaves the old
     * file or the new one whole, never part of one; a failed write removes what it had written.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        replace(file, content, false);
    }

    /** {@link #replace}, the file readable and writable by its owner only where the file system has POSIX permissions. */
    public static void replacePrivate(Path file, byte[] content) throws IOException {
        replace(file, content, true);
    }

    private static void replace(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path next = directory.resolve(file.getFileName() + ".next");
        Files.deleteIfExists(next);
        FileAttribute<?>[] attributes = ownerOnly && Files.getFileStore(directory).supportsFileAttributeView("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(next, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    attributes)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(next);
            throw e;
        }
        forceDirectory(directory);
    }

    /** Makes the entries of {@code directory} (files created, renamed or deleted in it) durable. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
