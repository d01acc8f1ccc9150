package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.agency.AgencyException;
import org.arangosync.minicluster.internal.agency.AgencyStore;
import org.arangosync.minicluster.internal.agency.WriteResult;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Authenticator;
import org.arangosync.minicluster.internal.http.HttpFrontend;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.http.Router;
import org.arangosync.minicluster.internal.server.Responses;

/**
 * The agent: ArangoDB's agency HTTP API ({@code POST /_api/agency/read}, {@code POST
 * /_api/agency/write}, {@code GET /_api/agency/config}) over the {@link AgencyStore}, on a port of
 * its own. Sync masters keep their state here and elect their leader with TTL keys.
 */
final class Agent implements AutoCloseable {

  private final String id;
  private final AgencyStore agency;
  private final HttpFrontend frontend;

  Agent(String id, AgencyStore agency, Authenticator authenticator, String host, int port, SSLContext tls) throws IOException {
    this.id = id;
    this.agency = agency;
    Router router = new Router()
        .add("/_api/agency/read", this::read)
        .add("/_api/agency/write", this::write)
        .add("/_api/agency/config", this::config)
        .add("/_api/version", request -> Responses.version(request, "AGENT"))
        .add("/_admin/server/role", request -> Responses.role(request, "AGENT"));
    this.frontend = new HttpFrontend("agent", host, port, tls, router, authenticator);
    frontend.start();
  }

  String id() {
    return id;
  }

  String endpoint() {
    return frontend.endpoint();
  }

  int port() {
    return frontend.port();
  }

  private ApiResponse read(ApiRequest request) {
    Responses.requireMethod(request, "POST");
    try {
      return ApiResponse.json(200, agency.read(request.json()));
    } catch (AgencyException e) {
      return ApiResponse.json(e.httpStatus(), e.body());
    }
  }

  private ApiResponse write(ApiRequest request) {
    Responses.requireMethod(request, "POST");
    try {
      WriteResult result = agency.write(request.json());
      return ApiResponse.json(result.httpStatus(), result.body());
    } catch (AgencyException e) {
      return ApiResponse.json(e.httpStatus(), e.body());
    }
  }

  private ApiResponse config(ApiRequest request) {
    if (!request.method().equals("GET")) {
      throw ArangoError.methodNotAllowed();
    }
    return ApiResponse.json(200, agency.config(id, tcp(endpoint())));
  }

  /** ArangoDB writes endpoints as tcp:// (ssl:// for TLS) inside the cluster. */
  static String tcp(String endpoint) {
    return endpoint.replaceFirst("^http://", "tcp://").replaceFirst("^https://", "ssl://");
  }

  @Override
  public void close() {
    frontend.close();
  }
}
