package org.arangosync.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.rest.Caller;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request: authenticate, route, check the audience, run the route, write the
 * answer. Errors become ArangoSync's {@code {"error": ...}} body with their status; an exception a
 * route did not expect becomes a 500 and an error in the log.
 */
public final class RestHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

  private final Authenticator authenticator;
  private final RouteTable routes;
  private final int maxRequestBytes;

  public RestHandler(Authenticator authenticator, RouteTable routes, int maxRequestBytes) {
    this.authenticator = authenticator;
    this.routes = routes;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    RestResponse answer;
    try {
      answer = answer(request);
    } catch (RestException e) {
      answer = RestResponse.error(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
      answer = RestResponse.error(500, "internal error: " + e);
    }
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    if (answer.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"arangosync\"");
    }
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
    return true;
  }

  private RestResponse answer(Request request) {
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    Caller caller = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION), clientCertificates(request));
    RouteTable.Resolution resolution = routes.resolve(method, path);
    if (resolution instanceof RouteTable.NotFound) {
      throw new RestException(404, "no route " + path);
    }
    if (resolution instanceof RouteTable.WrongMethod wrong) {
      throw new RestException(405, method + " is not allowed on " + path + "; allowed: " + String.join(", ", wrong.allowed()));
    }
    RouteTable.Found found = (RouteTable.Found) resolution;
    if (!caller.mayCall(found.route().audience(), path)) {
      throw new RestException(403, caller.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " '"
          + caller.name() + "' may not call " + method + " " + path);
    }
    RestRequest restRequest = new RestRequest(method, path, found.parameters(), query(request),
        name -> request.getHeaders().get(name), body(request), caller);
    return found.route().handle(restRequest);
  }

  private static X509Certificate[] clientCertificates(Request request) {
    Object ssl = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
    return ssl instanceof EndPoint.SslSessionData data ? data.peerCertificates() : null;
  }

  private static Map<String, List<String>> query(Request request) {
    Fields fields = Request.extractQueryParameters(request);
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (Fields.Field field : fields) {
      query.put(field.getName(), field.getValues());
    }
    return query;
  }

  private byte[] body(Request request) {
    long length = request.getLength();
    if (length > maxRequestBytes) {
      throw new RestException(413, "the body has " + length + " bytes; at most " + maxRequestBytes + " are accepted");
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(maxRequestBytes + 1);
      if (body.length > maxRequestBytes) {
        throw new RestException(413, "the body has more than " + maxRequestBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new RestException(400, "cannot read the body: " + e.getMessage(), e);
    }
  }
}
