package org.arangosync.minicluster.internal.http;

/**
 * An error answered the way ArangoDB answers it:
 * {@code {"error":true,"code":<http>,"errorNum":<n>,"errorMessage":"..."}}.
 *
 * <p>Handlers throw it for every refusal; the front end turns it into the response. A request that
 * ends in an ArangoError has written nothing (handlers validate before they write).
 */
public class ArangoError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  // The error numbers of ArangoDB's error registry (lib/Basics/errors.dat) that the mini cluster uses.
  public static final int BAD_PARAMETER = 10;
  public static final int FORBIDDEN = 11;
  public static final int READ_ONLY = 1004;
  public static final int HTTP_BAD_PARAMETER = 400;
  public static final int HTTP_UNAUTHORIZED = 401;
  public static final int HTTP_FORBIDDEN = 403;
  public static final int HTTP_NOT_FOUND = 404;
  public static final int HTTP_METHOD_NOT_ALLOWED = 405;
  public static final int HTTP_NOT_ACCEPTABLE = 406;
  public static final int HTTP_REQUEST_TOO_LARGE = 413;
  public static final int HTTP_CORRUPTED_JSON = 600;
  public static final int CONFLICT = 1200;
  public static final int DOCUMENT_NOT_FOUND = 1202;
  public static final int DATA_SOURCE_NOT_FOUND = 1203;
  public static final int COLLECTION_PARAMETER_MISSING = 1204;
  public static final int DOCUMENT_HANDLE_BAD = 1205;
  public static final int DUPLICATE_NAME = 1207;
  public static final int ILLEGAL_NAME = 1208;
  public static final int UNIQUE_CONSTRAINT_VIOLATED = 1210;
  public static final int INDEX_NOT_FOUND = 1212;
  public static final int CROSS_COLLECTION_REQUEST = 1213;
  public static final int INDEX_HANDLE_BAD = 1214;
  public static final int DOCUMENT_TOO_LARGE = 1216;
  public static final int DOCUMENT_TYPE_INVALID = 1227;
  public static final int DOCUMENT_KEY_BAD = 1221;
  public static final int DOCUMENT_KEY_UNEXPECTED = 1222;
  public static final int DATABASE_NOT_FOUND = 1228;
  public static final int DATABASE_NAME_INVALID = 1229;
  public static final int USE_SYSTEM_DATABASE = 1230;
  public static final int INVALID_EDGE_ATTRIBUTE = 1233;
  public static final int COLLECTION_TYPE_INVALID = 1218;
  public static final int CURSOR_NOT_FOUND = 1600;
  public static final int TRANSACTION_NOT_FOUND = 1655;
  public static final int CLUSTER_UNSUPPORTED = 1470;
  public static final int CLUSTER_ONLY_ON_COORDINATOR = 1471;
  public static final int USER_NOT_FOUND = 1703;
  public static final int USER_DUPLICATE = 1702;
  public static final int USER_INVALID_NAME = 1700;

  private final int httpStatus;
  private final int errorNum;

  public ArangoError(int httpStatus, int errorNum, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorNum = errorNum;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorNum() {
    return errorNum;
  }

  public static ArangoError badParameter(String message) {
    return new ArangoError(400, BAD_PARAMETER, message);
  }

  public static ArangoError notFound(int errorNum, String message) {
    return new ArangoError(404, errorNum, message);
  }

  public static ArangoError collectionNotFound(String name) {
    return new ArangoError(404, DATA_SOURCE_NOT_FOUND, "collection or view not found: " + name);
  }

  public static ArangoError databaseNotFound(String name) {
    return new ArangoError(404, DATABASE_NOT_FOUND, "database not found: " + name);
  }

  /** ArangoDB's refusal of a write while the server (or cluster) is in read-only mode: 403/1004 "read only". */
  public static ArangoError readOnly() {
    return new ArangoError(403, READ_ONLY, "read only");
  }

  public static ArangoError methodNotAllowed() {
    return new ArangoError(405, HTTP_METHOD_NOT_ALLOWED, "method not supported");
  }

  public static ArangoError corruptedJson(String detail) {
    return new ArangoError(400, HTTP_CORRUPTED_JSON, detail);
  }
}
