/**
 * The product's HTTPS server and the SPI through which bundles add routes to it.
 *
 * <p>A bundle contributes a {@link org.arangosync.rest.RestRoute} as an OSGi service; every
 * running {@link org.arangosync.rest.RestServer} mounts it at once and drops it when the service
 * goes away, without a restart. Authentication happens before any route runs: a route only
 * declares its {@link org.arangosync.rest.Audience} and receives the authenticated
 * {@link org.arangosync.rest.Caller}.
 *
 * <p>Invariant: no request reaches a route unauthenticated, and the monitoring token reaches only
 * routes whose audience is {@link org.arangosync.rest.Audience#MONITORING}.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.arangosync.rest;
