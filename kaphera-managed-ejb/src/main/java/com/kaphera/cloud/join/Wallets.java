package com.kaphera.cloud.join;

import java.net.URI;
import java.util.List;

/**
 * The participants' DCP wallets the platform runs (shared managed: one multi-tenant EDC
 * IdentityHub; dedicated managed: the organisation's own, reached the same way). Every call is
 * idempotent, so that a step re-run after a crash does no harm.
 */
public interface Wallets {

    /**
     * The participant context and DID a join will have, known before the wallet holds them; its
     * {@link Identity#identityApi()} is the platform's shared wallet (use {@link Identity#in} for another).
     */
    Identity plan(String participantContextId);

    /**
     * Creates the participant context with a wallet-generated P-256 key and its CredentialService;
     * one left by an earlier attempt whose answer was lost is replaced (its STS secret is unknown),
     * which is safe because no credential was issued to it yet. Returns the STS client secret.
     */
    String createParticipant(Identity identity) throws WalletException;

    /** Asks the wallet to request {@code types} from {@code issuerDid} (holder side of DCP), as {@code holderPid}. */
    void requestCredentials(Identity identity, String issuerDid, String holderPid, List<String> types) throws WalletException;

    /** The raw credentials (VC-JWTs) the wallet holds for the participant, as its Identity API lists them. */
    List<String> credentials(Identity identity) throws WalletException;

    /** Publishes the connector's DSP endpoint in the participant's DID document (service ProtocolEndpoint). */
    void publishProtocolEndpoint(Identity identity, URI dspEndpoint) throws WalletException;

    /**
     * A participant in a wallet: its context id, DID, CredentialService, STS token URL, and the base URL
     * of the Identity API of the wallet that holds it (every call above goes there): the platform's shared
     * wallet, or a dedicated-managed organisation's own wallet as its operator reports it.
     */
    record Identity(String participantContextId, String did, URI credentialService, URI stsTokenUrl, URI identityApi) {

        /** The same participant, held by the wallet whose Identity API is at {@code identityApi}. */
        public Identity in(URI identityApi) {
            return new Identity(participantContextId, did, credentialService, stsTokenUrl, identityApi);
        }

        /** The same participant with the CredentialService {@code credentialService} (what its wallet reports). */
        public Identity withCredentialService(URI credentialService) {
            return new Identity(participantContextId, did, credentialService, stsTokenUrl, identityApi);
        }
    }

    /** The wallet failed or refused; {@code permanent} when retrying cannot help. */
    class WalletException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        public WalletException(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
