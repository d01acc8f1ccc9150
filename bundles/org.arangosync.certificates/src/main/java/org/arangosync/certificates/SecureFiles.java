package org.arangosync.certificates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the files of one command all or nothing: each goes to a temporary file beside its target
 * (secret ones created with mode 0600 from the start, so the secret is never readable by others),
 * and only when every one is written are they moved into place. A failure removes what was written
 * and puts back what was replaced.
 *
 * <p>Only {@linkplain Content#replaceable() replaceable} files may exist already: leaf certificates
 * and keyfiles, which the seed's systemd units re-create on every start. A CA key or a JWT secret is
 * never replaced: overwriting one by a slip of the hand would lose it for good.
 */
public final class SecureFiles {

  /**
   * One file to write.
   *
   * @param secret created with mode 0600
   * @param replaceable an existing file of that name may be replaced
   */
  public record Content(Path target, byte[] bytes, boolean secret, boolean replaceable) {}

  private SecureFiles() {}

  /** A public file (a certificate) that may replace an existing one. */
  public static Content file(Path target, String text) {
    return new Content(target, text.getBytes(StandardCharsets.US_ASCII), false, true);
  }

  /** A private file (a leaf key, a keyfile, a keystore) that may replace an existing one. */
  public static Content secret(Path target, byte[] bytes) {
    return new Content(target, bytes, true, true);
  }

  public static Content secret(Path target, String text) {
    return secret(target, text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A file that must not exist yet (a CA's certificate or key, a JWT secret). */
  public static Content newFile(Content content) {
    return new Content(content.target(), content.bytes(), content.secret(), false);
  }

  /**
   * Writes {@code contents}.
   *
   * @throws IllegalArgumentException naming a non-replaceable target that exists already, or the
   *     file that could not be written; the targets are as before then
   */
  public static void writeAll(List<Content> contents) {
    for (Content content : contents) {
      if (!content.replaceable() && Files.exists(content.target(), LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(content.target() + " exists already and is not replaced (it may hold a CA key or a secret); "
            + "remove or rename it first, or name another file");
      }
    }
    Map<Content, Path> temporaries = new LinkedHashMap<>();
    Content writing = null;
    try {
      for (Content content : contents) {
        writing = content;
        Path temporary = createTemporary(content.target().toAbsolutePath().getParent(), content, ".tmp");
        temporaries.put(content, temporary);
        Files.write(temporary, content.bytes());
      }
    } catch (IOException e) {
      deleteQuietly(new ArrayList<>(temporaries.values()));
      throw new IllegalArgumentException("cannot write " + writing.target() + ": " + describe(e), e);
    }
    Map<Path, Path> backups = new LinkedHashMap<>(); // target -> copy of what it held
    List<Path> created = new ArrayList<>();
    Path target = null;
    try {
      for (Map.Entry<Content, Path> entry : temporaries.entrySet()) {
        target = entry.getKey().target();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Path backup = createTemporary(target.toAbsolutePath().getParent(), entry.getKey(), ".bak");
          Files.copy(target, backup, StandardCopyOption.REPLACE_EXISTING);
          backups.put(target, backup);
        } else {
          created.add(target);
        }
        move(entry.getValue(), target);
      }
    } catch (IOException e) {
      deleteQuietly(new ArrayList<>(temporaries.values()));
      deleteQuietly(created);
      for (Map.Entry<Path, Path> backup : backups.entrySet()) {
        try {
          move(backup.getValue(), backup.getKey());
        } catch (IOException ignored) {
          // The copy stays beside the target under its .bak name; the message below names the target.
        }
      }
      throw new IllegalArgumentException("cannot write " + target + ": " + describe(e), e);
    }
    deleteQuietly(new ArrayList<>(backups.values()));
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path createTemporary(Path directory, Content content, String suffix) throws IOException {
    String prefix = "." + content.target().getFileName() + ".";
    if (content.secret() && directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(directory, prefix, suffix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Path temporary = Files.createTempFile(directory, prefix, suffix);
    if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // Temporary files start as 0600; a certificate is public and read by other users' processes.
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
    }
    return temporary;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "its directory does not exist";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }

  private static void deleteQuietly(List<Path> paths) {
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // Best effort: the original failure is what the operator needs to see.
      }
    }
  }
}
