package io.paxsim.testbed.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/** One line for a failed write, saying plainly when the disk is full (the JDK says "No space left on device" at best). */
final class DiskErrors {
    private DiskErrors() {
    }

    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.toLowerCase(Locale.ROOT).contains("not enough space"))) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        if (isDiskFull(e)) {
            return "the disk is full (No space left on device); free some space, e.g. remove old runs under runs/";
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason() == null ? reason(f) : f.getReason();
            return f.getFile() + ": " + reason;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** What the JDK's exception class means, in the words the shell would use (it gives no reason text for these). */
    private static String reason(FileSystemException f) {
        if (f instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof java.nio.file.DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return f.getClass().getSimpleName();
    }

    static boolean isIo(Throwable e) {
        return e instanceof IOException || e instanceof java.io.UncheckedIOException;
    }
}
