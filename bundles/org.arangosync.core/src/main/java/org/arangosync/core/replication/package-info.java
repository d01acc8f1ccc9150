/**
 * Leader/follower replication as ArangoDB users know it: the replication logger's views and (in
 * progress) the applier, with ArangoDB's JSON shapes.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.arangosync.core.replication;
