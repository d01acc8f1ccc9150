package org.arangosync.client;

import java.net.URI;
import java.util.List;

/**
 * A request to a sync master or worker failed. The message names every endpoint tried and why it
 * failed, so that an operator can act on it without a stack trace.
 */
public class SyncClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<EndpointFailure> failures;

  public SyncClientException(String message, List<EndpointFailure> failures, Throwable cause) {
    super(message, cause);
    this.failures = List.copyOf(failures);
  }

  /** What went wrong at each endpoint, in the order they were tried. */
  public List<EndpointFailure> failures() {
    return failures;
  }

  /** Whether an endpoint answered at all (with a refusal), rather than being unreachable. */
  public boolean isAnswered() {
    return failures.stream().anyMatch(failure -> failure.status() > 0);
  }

  /**
   * One endpoint's failure.
   *
   * @param endpoint the endpoint tried
   * @param status the HTTP status it answered, or 0 if it could not be reached
   * @param reason what happened, e.g. {@code connection refused} or the server's error message
   */
  public record EndpointFailure(URI endpoint, int status, String reason) {
    @Override
    public String toString() {
      return status > 0 ? endpoint + " answered " + status + ": " + reason : endpoint + ": " + reason;
    }
  }
}
