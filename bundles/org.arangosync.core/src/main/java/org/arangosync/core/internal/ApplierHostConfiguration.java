package org.arangosync.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The appliers of one follower, hosted in Karaf: one factory configuration of
 * {@code org.arangosync.applier} per follower (e.g. {@code etc/org.arangosync.applier-follower1.cfg}).
 */
@ObjectClassDefinition(name = "arangosync replication appliers", description = "Replication appliers writing into one follower, "
    + "with ArangoDB's applier routes on an HTTPS server of the product.")
public @interface ApplierHostConfiguration {

  String PID = "org.arangosync.applier";

  @AttributeDefinition(name = "Follower endpoint", description = "The follower the appliers write into, e.g. tcp://10.0.0.2:8529.")
  String follower_endpoint();

  @AttributeDefinition(name = "Follower user", required = false, description = "User on the follower (when no JWT secret file is given).")
  String follower_user() default "";

  /** {@code .follower.password}: a private property, never copied to the service registry. */
  @AttributeDefinition(name = "Follower password", type = AttributeType.PASSWORD, required = false)
  String _follower_password() default "";

  @AttributeDefinition(name = "Follower JWT secret file", required = false, description = "The follower's JWT secret: write as superuser.")
  String follower_jwtSecretFile() default "";

  @AttributeDefinition(name = "Follower CA certificate file", required = false, description = "CA of an ssl:// follower.")
  String follower_caCertificateFile() default "";

  @AttributeDefinition(name = "HTTPS server", description = "Name of the org.arangosync.rest server that serves the applier routes.")
  String server() default "default";

  @AttributeDefinition(name = "State directory", required = false,
      description = "Where the appliers keep configuration and progress; default ${karaf.data}/arangosync/applier-<server>.")
  String stateDirectory() default "";
}
