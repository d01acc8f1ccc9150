/**
 * Certificates, private keys and secrets as ArangoSync creates and reads them: CAs, TLS and
 * client-authentication certificates (ECDSA by default, RSA on request), PEM files ({@code .crt},
 * PKCS#8 {@code .key}, {@code .keyfile} = leaf, chain and key), JKS keystores and JWT secrets.
 *
 * <p>Invariant: files holding a private key or a secret are created with mode 0600 (where the file
 * system has POSIX permissions), and a command that fails leaves none of its files behind.
 */
@org.osgi.annotation.versioning.Version("0.3.0")
package org.arangosync.certificates;
