package org.arangosync.minicluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an ArangoDB docs {@code .generated} file (3.4 to 3.11) into a {@link Transcript}.
 *
 * <p>The files are highlight.js HTML of a shell session: each exchange starts with a line
 * {@code shell> curl ... URL [<<EOF]}, followed by the here-document body and {@code EOF} when
 * the request has one, then (unless the example logged only the request) a status line,
 * lower-case headers, a blank line and the body. A file may hold several exchanges. Inside
 * {@code x-arango-dump} bodies {@code &#x21A9;} ({@code ↩}) marks the end of one dump line.
 *
 * <p>The 3.3 files are plain text with a different layout and are out of scope.
 */
public final class TranscriptParser {

  /** What {@code &#x21A9;} unescapes to: the docs' marker for the end of one dump line. */
  static final char DUMP_LINE_END = '\u21A9';

  private static final String COMMAND_PROMPT = "shell> ";
  private static final String HERE_DOCUMENT_START = "<<EOF";
  private static final String HERE_DOCUMENT_END = "EOF";
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
  private static final Pattern HTML_ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);");
  private static final Map<String, String> NAMED_ENTITIES =
      Map.of("quot", "\"", "apos", "'", "lt", "<", "gt", ">", "amp", "&", "nbsp", " ");
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d(?:\\.\\d)?(?: (\\d{3}))?(?: (.*))?$");
  private static final Pattern HEADER_LINE = Pattern.compile("^([A-Za-z0-9-]+):\\s?(.*)$");

  private TranscriptParser() {}

  /** Parses a file; the version is its folder's name and the name the file name without {@code .generated}. */
  public static Transcript parse(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String name = fileName.endsWith(".generated")
        ? fileName.substring(0, fileName.length() - ".generated".length())
        : fileName;
    String version = file.getParent() == null ? "" : file.getParent().getFileName().toString();
    try {
      return parse(version, name, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      throw new IOException(file + ": " + malformed.getMessage(), malformed);
    }
  }

  /**
   * Parses the HTML of one transcript.
   *
   * @throws IllegalArgumentException when the text does not have the layout described above
   */
  public static Transcript parse(String version, String name, String html) {
    List<String> lines = List.of(toPlainText(html).split("\n", -1));
    List<Transcript.Exchange> exchanges = new ArrayList<>();
    int index = skipBlankLines(lines, 0);
    while (index < lines.size()) {
      String line = lines.get(index);
      if (!line.startsWith(COMMAND_PROMPT)) {
        throw new IllegalArgumentException("line " + (index + 1) + ": expected '" + COMMAND_PROMPT
            + "curl ...', found: " + line);
      }
      index = parseExchange(lines, index, exchanges);
      index = skipBlankLines(lines, index);
    }
    if (exchanges.isEmpty()) {
      throw new IllegalArgumentException("no curl command found");
    }
    return new Transcript(version, name, exchanges);
  }

  /** Removes the highlight.js markup and resolves character references, keeping line breaks. */
  static String toPlainText(String html) {
    String withoutTags = HTML_TAG.matcher(html.replace("\r\n", "\n")).replaceAll("");
    Matcher entity = HTML_ENTITY.matcher(withoutTags);
    StringBuilder text = new StringBuilder(withoutTags.length());
    while (entity.find()) {
      entity.appendReplacement(text, Matcher.quoteReplacement(resolveEntity(entity.group(1), entity.group())));
    }
    entity.appendTail(text);
    return text.toString();
  }

  private static String resolveEntity(String reference, String verbatim) {
    if (reference.startsWith("#x")) {
      return Character.toString(Integer.parseInt(reference.substring(2), 16));
    }
    if (reference.startsWith("#")) {
      return Character.toString(Integer.parseInt(reference.substring(1)));
    }
    // An unknown name is left as written rather than guessed.
    return NAMED_ENTITIES.getOrDefault(reference, verbatim);
  }

  /** Parses one exchange starting at the command line; returns the index of the first line after it. */
  private static int parseExchange(List<String> lines, int commandIndex, List<Transcript.Exchange> exchanges) {
    String command = lines.get(commandIndex).substring(COMMAND_PROMPT.length()).trim();
    boolean hasHereDocument = command.endsWith(HERE_DOCUMENT_START);
    if (hasHereDocument) {
      command = command.substring(0, command.length() - HERE_DOCUMENT_START.length()).trim();
    }
    int index = commandIndex + 1;
    Optional<String> body = Optional.empty();
    if (hasHereDocument) {
      int end = index;
      while (end < lines.size() && !lines.get(end).equals(HERE_DOCUMENT_END)) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalArgumentException("line " + (commandIndex + 1) + ": here-document without EOF");
      }
      // The shell strips the newline before EOF, so the lines joined by \n are the bytes sent.
      body = Optional.of(String.join("\n", lines.subList(index, end)));
      index = end + 1;
    }
    Transcript.Request request = parseCurlCommand(command, body, commandIndex + 1);

    index = skipBlankLines(lines, index);
    if (index >= lines.size() || lines.get(index).startsWith(COMMAND_PROMPT)) {
      exchanges.add(new Transcript.Exchange(request, Optional.empty()));
      return index;
    }
    Transcript.Status status = parseStatusLine(lines.get(index), index + 1);
    index++;

    Map<String, List<String>> headers = new LinkedHashMap<>();
    while (index < lines.size() && !lines.get(index).isBlank() && !lines.get(index).startsWith(COMMAND_PROMPT)) {
      Matcher header = HEADER_LINE.matcher(lines.get(index));
      if (!header.matches()) {
        throw new IllegalArgumentException("line " + (index + 1) + ": expected a header, found: " + lines.get(index));
      }
      headers.computeIfAbsent(header.group(1).toLowerCase(Locale.ROOT), ignored -> new ArrayList<>())
          .add(header.group(2).trim());
      index++;
    }

    int bodyStart = index;
    while (index < lines.size() && !lines.get(index).startsWith(COMMAND_PROMPT)) {
      index++;
    }
    String bodyText = String.join("\n", lines.subList(bodyStart, index)).strip();
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
    String mediaType = httpHeaders.firstValue("content-type").map(Transcript::mediaTypeOf).orElse("");
    Transcript.Body responseBody = parseRecordedBody(mediaType, bodyText, bodyStart + 1);
    exchanges.add(new Transcript.Exchange(request, Optional.of(new Transcript.Response(status, httpHeaders, responseBody))));
    return index;
  }

  /** Reads the curl options the docs generator writes: {@code -X}, {@code --header}, {@code --data-binary}, {@code --dump} and the URL. */
  static Transcript.Request parseCurlCommand(String command, Optional<String> body, int lineNumber) {
    List<String> words = shellWords(command);
    if (words.isEmpty() || !words.get(0).equals("curl")) {
      throw new IllegalArgumentException("line " + lineNumber + ": not a curl command: " + command);
    }
    String method = null;
    String url = null;
    boolean sendsData = false;
    List<Transcript.HeaderField> headers = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "-X", "--request" -> method = argument(words, ++i, word, lineNumber);
        case "-H", "--header" -> headers.add(headerField(argument(words, ++i, word, lineNumber), lineNumber));
        case "-d", "--data", "--data-binary" -> {
          argument(words, ++i, word, lineNumber);
          sendsData = true;
        }
        case "--dump", "-D" -> argument(words, ++i, word, lineNumber);
        default -> {
          if (word.startsWith("http://") || word.startsWith("https://")) {
            url = word;
          } else {
            throw new IllegalArgumentException("line " + lineNumber + ": unexpected curl argument: " + word);
          }
        }
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("line " + lineNumber + ": curl command without URL: " + command);
    }
    if (sendsData && body.isEmpty()) {
      throw new IllegalArgumentException("line " + lineNumber + ": --data-binary @- without a here-document");
    }
    // curl's own default: POST when data is sent, GET otherwise.
    String effectiveMethod = method != null ? method : sendsData ? "POST" : "GET";
    return new Transcript.Request(effectiveMethod, pathAndQueryOf(url), headers, body);
  }

  private static String argument(List<String> words, int index, String option, int lineNumber) {
    if (index >= words.size()) {
      throw new IllegalArgumentException("line " + lineNumber + ": " + option + " without a value");
    }
    return words.get(index);
  }

  private static Transcript.HeaderField headerField(String header, int lineNumber) {
    int colon = header.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("line " + lineNumber + ": malformed header: " + header);
    }
    return new Transcript.HeaderField(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
  }

  private static String pathAndQueryOf(String url) {
    int authorityStart = url.indexOf("://") + 3;
    int pathStart = url.indexOf('/', authorityStart);
    return pathStart < 0 ? "/" : url.substring(pathStart);
  }

  /** Splits a command line into words, honouring single and double quotes as a POSIX shell does. */
  static List<String> shellWords(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated quote in: " + command);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  static Transcript.Status parseStatusLine(String line, int lineNumber) {
    Matcher status = STATUS_LINE.matcher(line.trim());
    if (!status.matches()) {
      throw new IllegalArgumentException("line " + lineNumber + ": expected a status line, found: " + line);
    }
    String reasonPhrase = status.group(2) == null ? "" : status.group(2).trim();
    if (status.group(1) != null) {
      return new Transcript.Status(OptionalInt.of(Integer.parseInt(status.group(1))), reasonPhrase, true);
    }
    return new Transcript.Status(Transcript.Status.codeOfReasonPhrase(reasonPhrase), reasonPhrase, false);
  }

  /**
   * Classifies a recorded body. Dump bodies are split at {@code ↩}; a dump printed without any
   * {@code ↩} (the docs used {@code logJsonResponse} for the chunk-limited examples) is one line.
   */
  static Transcript.Body parseRecordedBody(String mediaType, String text, int lineNumber) {
    if (text.isBlank()) {
      return new Transcript.Body.Empty();
    }
    if (mediaType.equals("application/x-arango-dump")) {
      List<JsonNode> dumpLines = new ArrayList<>();
      for (String chunk : text.split(String.valueOf(DUMP_LINE_END), -1)) {
        if (chunk.isBlank()) {
          continue;
        }
        JsonNode dumpLine = Json.tryParse(chunk).orElseThrow(() -> new IllegalArgumentException(
            "line " + lineNumber + ": dump line is not JSON: " + chunk.strip()));
        dumpLines.add(dumpLine);
      }
      return new Transcript.Body.Dump(dumpLines, text);
    }
    Optional<JsonNode> json = Json.tryParse(text);
    if (json.isPresent()) {
      return new Transcript.Body.Json(json.get(), text);
    }
    return new Transcript.Body.Text(text);
  }

  private static int skipBlankLines(List<String> lines, int index) {
    while (index < lines.size() && lines.get(index).isBlank()) {
      index++;
    }
    return index;
  }
}
