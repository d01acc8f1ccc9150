package org.arangosync.certificates.internal.command;

import java.nio.file.Path;

/**
 * The result a {@code create ...} command {@link org.arangosync.command.ReportsResult reports}: a
 * flat JSON object naming the files it wrote, e.g. {@code {"cert": "/abs/tls-ca.crt", "key":
 * "/abs/tls-ca.key"}}.
 *
 * <p>Invariants: each file is named by the flag that chose it ({@code --cert} as {@code "cert"}),
 * as an absolute, normalized path, so that a script need not know the command's working
 * directory; only names and paths go in, never key material. Written by hand because this bundle
 * has no JSON library, and a handful of string fields do not warrant one.
 */
final class WrittenFiles {

  private final StringBuilder json = new StringBuilder("{");

  /** Adds {@code "name": "<file as an absolute path>"}. */
  WrittenFiles file(String name, Path file) {
    return text(name, file.toAbsolutePath().normalize().toString());
  }

  /** Adds {@code "name": "value"}, for what names a file's content, e.g. a keystore entry's alias. */
  WrittenFiles text(String name, String value) {
    if (json.length() > 1) {
      json.append(',');
    }
    appendString(name);
    json.append(':');
    appendString(value);
    return this;
  }

  /** The object so far as JSON text. */
  String json() {
    return json + "}";
  }

  /** A JSON string literal (RFC 8259): quote, backslash and control characters escaped. */
  private void appendString(String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
