/**
 * The authentication SPI: where the HTTPS server checks user names and passwords of HTTP Basic
 * authentication. The ArangoDB adapter registers a {@link org.arangosync.api.spi.auth.UserSource}
 * per cluster (the cluster's own users, {@code root} included), so operators log in to sync
 * masters, workers and appliers with their ArangoDB credentials.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.arangosync.api.spi.auth;
