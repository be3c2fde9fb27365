package org.rtcsip.sidecar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code --pidfile} an init script or monitor reads, written as rtpengine writes it: the decimal
 * pid and a newline.
 */
public final class PidFile {

    private PidFile() {
    }

    /**
     * Writes {@code pid} to {@code path}, through a temporary file and a rename in the same directory so
     * that a reader never sees a half-written number.
     *
     * @throws IOException saying which file and why, in words (the JDK's often give only the path)
     */
    public static void write(Path path, long pid) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            throw new IOException("pidfile: cannot write " + absolute + ": the directory "
                    + absolute.getParent() + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException("pidfile: cannot write " + absolute + ": permission denied", e);
        } catch (FileSystemException e) {
            throw new IOException("pidfile: cannot write " + absolute + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()), e);
        }
    }

    /**
     * Deletes the file on shutdown, unless another process has written its own pid there since
     * (a second instance started with the same pidfile must keep it).
     *
     * @return true if the file was ours and is gone
     */
    public static boolean removeIfOwnedBy(Path path, long pid) throws IOException {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!content.equals(Long.toString(pid))) {
            return false;
        }
        return Files.deleteIfExists(path);
    }
}
