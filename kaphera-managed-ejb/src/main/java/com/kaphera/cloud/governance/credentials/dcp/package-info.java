/**
 * The DCP credential issuer's protocol and crypto, as a plain library (JDK, JSON-P, nimbus-jose-jwt; no JPA, CDI or
 * JAX-RS): did:web identifiers and documents, issuer keys sealed under a key-encryption key, self-issued tokens,
 * VC 1.1 JWT credentials, Bitstring Status Lists and the DCP 1.0 issuance messages. The server's persistence, HTTP
 * endpoints and delivery scheduling call it.
 * <p>
 * What EDC 0.15.1 needs, and this package gives (checked against EDC's own classes — web DID resolution, token
 * validation, JWT credential transformation, validity/subject/revocation rules — run on this package's output):
 * <ul>
 * <li>JOSE {@code kid} = the full DID URL {@code <iss>#<fragment>} of a {@code JsonWebKey2020} method in the
 * issuer's DID document; ES256 on P-256.</li>
 * <li>VC-JWT claims {@code iss}, {@code sub} (required), {@code jti} (the wallet stores the credential under it),
 * {@code nbf}, {@code exp} and a {@code vc} object with {@code type}, {@code issuer}, {@code issuanceDate},
 * {@code expirationDate}, {@code credentialSubject} (its {@code id} = the holder DID, plus at least one claim) and
 * a {@code BitstringStatusListEntry} {@code credentialStatus} with an {@code id}.</li>
 * <li>The status list credential served as plain JSON to EDC 0.15 (it parses the download as JSON and checks no
 * signature) and as a VC-JWT to those that ask for {@code application/vc+jwt}; see {@link
 * com.kaphera.cloud.governance.credentials.dcp.StatusListCredential}.</li>
 * </ul>
 */
package com.kaphera.cloud.governance.credentials.dcp;
