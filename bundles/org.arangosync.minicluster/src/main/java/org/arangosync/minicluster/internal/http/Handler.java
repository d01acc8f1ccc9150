package org.arangosync.minicluster.internal.http;

/** Answers the requests of one route. Throws {@link ArangoError} to refuse. */
@FunctionalInterface
public interface Handler {
  ApiResponse handle(ApiRequest request) throws Exception;
}
