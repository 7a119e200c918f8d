package com.kaphera.cloud.audit;

import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.audit.chain.Checkpoint;
import com.kaphera.cloud.audit.chain.SigningKeys;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.EJB;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signed checkpoints of each chain's head, periodically ({@code kaphera.audit.checkpoint-minutes}, a
 * timer on every instance; two instances signing the same head keep one) and on demand. The signing
 * key is an Ed25519 key pair from {@code kaphera.audit.signing-key-file} and
 * {@code kaphera.audit.signing-public-key-file} (PEM, as {@code openssl genpkey -algorithm ed25519}
 * writes them), or, when unset, one generated at start (a warning says so). Every public key that signs
 * is stored in the database, so the published key set keeps old keys and old checkpoints stay
 * verifiable after a rotation.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AuditCheckpoints {
    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class.getName());
    private static final Caller TIMER = Caller.system("audit-checkpoints");
    public static final String CHECKPOINT = "audit.checkpoint";

    @EJB
    AuditTrail audit;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "kaphera.audit.checkpoint-minutes", defaultValue = "60")
    long checkpointMinutes;

    @Inject
    @ConfigProperty(name = "kaphera.audit.signing-key-file")
    Optional<String> privateKeyFile;

    @Inject
    @ConfigProperty(name = "kaphera.audit.signing-public-key-file")
    Optional<String> publicKeyFile;

    private volatile KeyPair key;
    private volatile String keyId;

    @PostConstruct
    void start() {
        key = loadOrGenerate();
        keyId = SigningKeys.keyId(key.getPublic());
        if (checkpointMinutes > 0) {
            long period = TimeUnit.MINUTES.toMillis(checkpointMinutes);
            timers.createIntervalTimer(period, period, new TimerConfig("audit-checkpoints", false));
        }
    }

    @Timeout
    void everyPeriod(Timer timer) {
        try {
            int signed = checkpointAll(TIMER);
            LOG.log(Level.FINE, "Signed {0} audit checkpoints", signed);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Audit checkpoints not signed this time: {0}", e.toString());
        }
    }

    /** Signs the head of every chain that moved since its last checkpoint; returns how many. */
    public int checkpointAll(Caller caller) {
        Permission.AUDIT_CHECKPOINT_ALL.require(caller);
        @SuppressWarnings("unchecked")
        List<Object[]> heads = em.createNativeQuery("select e.organisation, e.sequence, e.hash from audit_entry e "
                + "join (select organisation, max(sequence) as head from audit_entry group by organisation) h "
                + "on h.organisation = e.organisation and h.head = e.sequence "
                + "where not exists (select 1 from audit_checkpoint c where c.organisation = e.organisation "
                + "and c.sequence = e.sequence)").getResultList();
        for (Object[] head : heads) {
            sign((String) head[0], ((Number) head[1]).longValue(), ((String) head[2]).strip());
        }
        return heads.size();
    }

    /** Signs the chain's current head now (or returns the checkpoint it already has). Empty chain: empty. */
    public Optional<Checkpoint> checkpoint(Caller caller, String chain) {
        if (AuditTrail.PLATFORM.equals(chain)) {
            Permission.AUDIT_CHECKPOINT_ALL.require(caller);
        } else {
            Permission.AUDIT_CHECKPOINT.require(caller, chain);
        }
        if (em.createNativeQuery("select 1 from audit_entry where organisation = ?1 limit 1").setParameter(1, chain)
                .getResultList().isEmpty()) {
            return Optional.empty();
        }
        // The request is an entry of its own, recorded first: it is the head the checkpoint signs (the
        // chain's lock, held until this transaction ends, keeps it the head). Null: the log is off.
        AuditRecord head = audit.record(caller, chain, AuditEvent.success(CHECKPOINT, "audit log", chain, 201, null,
                "asked for a signed checkpoint of the audit log"));
        return head == null ? Optional.empty() : Optional.of(sign(chain, head.sequence(), head.hash()));
    }

    /** Checkpoints of a chain within a sequence range, in sequence order. */
    public List<Checkpoint> between(String chain, long from, long to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select organisation, sequence, hash, signed_at, key_id, jws "
                        + "from audit_checkpoint where organisation = ?1 and sequence between ?2 and ?3 order by sequence")
                .setParameter(1, chain).setParameter(2, from).setParameter(3, to).getResultList();
        return rows.stream().map(r -> new Checkpoint((String) r[0], ((Number) r[1]).longValue(), ((String) r[2]).strip(),
                AuditRecord.time(AuditLog.instant(r[3])), (String) r[4], (String) r[5])).toList();
    }

    /** Every public key that ever signed a checkpoint here (and this instance's current one). */
    public SigningKeys keys() {
        SigningKeys keys = new SigningKeys();
        @SuppressWarnings("unchecked")
        List<String> jwks = em.createNativeQuery("select public_jwk from audit_signing_key order by first_used_at")
                .getResultList();
        for (String jwk : jwks) {
            try (JsonReader r = Json.createReader(new StringReader(jwk))) {
                JsonObject o = r.readObject();
                keys.add(SigningKeys.publicKey(Base64.getUrlDecoder().decode(o.getString("x"))));
            }
        }
        return keys.add(key.getPublic());
    }

    private Checkpoint sign(String chain, long sequence, String hash) {
        storeKey();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Checkpoint cp = Checkpoint.sign(chain, sequence, hash, AuditRecord.time(now), key.getPrivate(), keyId);
        int inserted = em.createNativeQuery("insert into audit_checkpoint (organisation, sequence, hash, signed_at, "
                        + "key_id, jws) values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing")
                .setParameter(1, chain).setParameter(2, sequence).setParameter(3, hash)
                .setParameter(4, now.atOffset(ZoneOffset.UTC)).setParameter(5, keyId).setParameter(6, cp.jws())
                .executeUpdate();
        return inserted == 1 ? cp : between(chain, sequence, sequence).get(0);
    }

    private void storeKey() {
        em.createNativeQuery("insert into audit_signing_key (key_id, public_jwk, first_used_at) values (?1, ?2, ?3) "
                            + "on conflict do nothing")
                    .setParameter(1, keyId).setParameter(2, SigningKeys.jwk(key.getPublic()).toString())
                    .setParameter(3, Instant.now().atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    private KeyPair loadOrGenerate() {
        if (privateKeyFile.isPresent() != publicKeyFile.isPresent()) {
            throw new IllegalStateException("Set both kaphera.audit.signing-key-file and "
                    + "kaphera.audit.signing-public-key-file, or neither");
        }
        try {
            if (privateKeyFile.isPresent()) {
                KeyFactory ed = KeyFactory.getInstance("Ed25519");
                PrivateKey priv = ed.generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyFile.get())));
                PublicKey pub = ed.generatePublic(new X509EncodedKeySpec(pem(publicKeyFile.get())));
                return new KeyPair(pub, priv);
            }
            LOG.warning("Audit checkpoints are signed with a key generated at start (set kaphera.audit.signing-key-file "
                    + "and kaphera.audit.signing-public-key-file to keep one); its public key is kept with the "
                    + "checkpoints, so they stay verifiable");
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot load the audit signing key: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(String file) throws IOException {
        String text = Files.readString(Path.of(file));
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").strip());
    }
}
