package org.arangosync.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One HTTPS server: one factory configuration of {@code org.arangosync.rest} per server
 * (e.g. {@code etc/org.arangosync.rest-master.cfg}).
 */
@ObjectClassDefinition(name = "arangosync HTTPS server", description = "The HTTPS server on which sync masters, workers and appliers serve their routes.")
public @interface RestServerConfiguration {

  String PID = "org.arangosync.rest";

  @AttributeDefinition(name = "Name", description = "Routes with service property arangosync.rest.server=<name> are mounted only here.")
  String name() default "default";

  @AttributeDefinition(name = "Host", description = "Address to listen on (--server.endpoint's host; 0.0.0.0 for every interface).")
  String host() default "0.0.0.0";

  @AttributeDefinition(name = "Port", description = "TCP port (--server.port): 8629 for masters, 8729 for workers.")
  int port() default 8629;

  @AttributeDefinition(name = "Keyfile", description = "TLS keyfile (--server.keyfile): certificate, chain and key, as 'arangosync create tls keyfile' writes it.")
  String keyfile();

  @AttributeDefinition(name = "Client CA file", description = "CA that signs accepted client certificates (--server.client-cafile).", required = false)
  String clientCaFile() default "";

  @AttributeDefinition(name = "JWT secret file", description = "Master JWT secret (--master.jwt-secret); bearer JWTs signed with it are accepted.", required = false)
  String jwtSecretFile() default "";

  /** Named {@code .monitoring.token} in the configuration: a private property, never copied to the service registry. */
  @AttributeDefinition(name = "Monitoring token", type = AttributeType.PASSWORD, required = false,
      description = "Bearer token that opens /metrics and /metrics.json only (--monitoring.token).")
  String _monitoring_token() default "";

  @AttributeDefinition(name = "Keyfile check interval (s)", description = "How often the keyfile is looked at for rotation and expiry.")
  int keyfileCheckSeconds() default 10;
}
