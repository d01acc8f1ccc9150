package org.arangosync.api.spi.replication;

/**
 * What an ArangoDB server (or a server speaking its API) answered to one request.
 *
 * @param status the HTTP status
 * @param body the body as sent, empty for none
 */
public record ApiAnswer(int status, byte[] body) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
