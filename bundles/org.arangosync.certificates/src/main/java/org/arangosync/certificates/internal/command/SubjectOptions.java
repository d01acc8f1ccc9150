package org.arangosync.certificates.internal.command;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Whom a leaf certificate is for ({@code --host}, {@code --email}) and its key ({@code --curve}, {@code --rsa-bits}). */
final class SubjectOptions {

  @Option(names = "--host", split = ",", paramLabel = "NAME", description = "Host name or IP address the certificate is for (repeatable)")
  List<String> hosts = List.of();

  @Option(names = "--email", split = ",", paramLabel = "ADDRESS", description = "E-mail address the certificate is for (repeatable)")
  List<String> emails = List.of();

  @Mixin KeyOptions keyOptions;
}
