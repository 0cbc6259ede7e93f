package io.github.wildfiresfu.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Bounded file reading with one-line error reasons, shared by the parser and the folder. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** All bytes of {@code path}, refusing files larger than {@code maxBytes}. */
    static byte[] readBounded(Path path, long maxBytes) {
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new ConfigException("cannot read " + path + ": file is " + size
                        + " bytes, more than the " + maxBytes + " a configuration file may have");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + reason(e), e);
        }
    }

    /** A short reason for an I/O failure, without repeating the path Java puts in messages. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
