package org.arangosync.arangodb;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * How to reach one ArangoDB cluster: one factory configuration of
 * {@code org.arangosync.arangodb} per cluster (e.g. {@code etc/org.arangosync.arangodb-local.cfg}).
 */
@ObjectClassDefinition(name = "arangosync ArangoDB cluster", description = "Connection to one ArangoDB cluster (coordinators, agency).")
public @interface ArangoConfiguration {

  /** The factory PID: {@code etc/org.arangosync.arangodb-<name>.cfg}. */
  String PID = "org.arangosync.arangodb";

  @AttributeDefinition(name = "Endpoints", description = "Coordinator URLs, e.g. https://10.0.0.1:8529 (tcp:// and ssl:// are accepted).")
  String[] endpoints();

  @AttributeDefinition(name = "JWT secret file", description = "File holding the cluster's JWT secret (superuser tokens). Preferred over user/password.",
      required = false)
  String jwtSecretFile() default "";

  @AttributeDefinition(name = "User", description = "User for HTTP Basic authentication when no JWT secret file is given.", required = false)
  String user() default "";

  /** Named {@code .password} in the configuration: a private property, never copied to the service registry. */
  @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
  String _password() default "";

  @AttributeDefinition(name = "CA certificate file", description = "PEM CA that signed the cluster's TLS certificates (https endpoints).",
      required = false)
  String caCertificateFile() default "";

  @AttributeDefinition(name = "HTTP version", description = "1.1 (pooled connections) or 2 (h2 over TLS by ALPN, h2c on plain HTTP).",
      options = {@Option(label = "HTTP/1.1", value = "1.1"), @Option(label = "HTTP/2", value = "2")})
  String httpVersion() default "1.1";

  @AttributeDefinition(name = "State root", description = "Agency path under which the sync masters keep their state.")
  String stateRoot() default "/arangodb/arangosync";

  @AttributeDefinition(name = "Cluster name", description = "Tells several clusters apart (service property arangosync.cluster).")
  String arangosync_cluster() default "local";
}
