/**
 * The arangosync model shared by every bundle: ticks, synchronization states and task types.
 *
 * <p>This package is the stable contract between the bundles. It is versioned semantically: a
 * change that breaks a consumer raises the major version.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.arangosync.api;
