package com.kaphera.cloud.governance;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.governance.credentials.IssuerKeys;
import com.kaphera.cloud.organisation.OrganisationService;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import com.kaphera.cloud.governance.remote.RemotePlatforms;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Dataspaces and their versioned profiles, for the platform (setting one up) and for its governance
 * authority (drafting, publishing, deprecating). Every method checks the caller against
 * {@link Permission}; profile changes are audited in the authority organisation's chain.
 */
@Stateless
public class DataspaceService {
    public static final String KIND = "dataspace";
    public static final String CREATE = "dataspace.create";
    public static final String SAVE_DRAFT = "dataspace.profile.save-draft";
    public static final String DISCARD_DRAFT = "dataspace.profile.discard-draft";
    public static final String PUBLISH = "dataspace.profile.publish";
    public static final String DEPRECATE = "dataspace.profile.deprecate";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    OrganisationService organisations;

    @EJB
    AuditTrail audit;

    @EJB
    IssuerKeys issuerKeys;

    @jakarta.inject.Inject
    RemotePlatforms remotes;

    @jakarta.annotation.Resource
    jakarta.ejb.SessionContext context;

    @EJB
    com.kaphera.cloud.governance.credentials.StatusLists statusLists;

    /** Sets up a dataspace for the authority organisation, with its issuer's first key. */
    public Dataspace create(Caller caller, String slug, String displayName, String authorityOrganisation) {
        Permission.DATASPACES_CREATE.require(caller);
        if (authorityOrganisation == null) {
            throw new InvalidInputException("The dataspace is not valid", List.of(new FieldError("authorityOrganisation",
                    "is required (or remote, for a dataspace governed on another platform)")));
        }
        try {
            organisations.find(caller, authorityOrganisation);
        } catch (NotFoundException e) {
            throw new InvalidInputException("The dataspace is not valid",
                    List.of(new FieldError("authorityOrganisation", "no organisation '" + authorityOrganisation + "'")));
        }
        Dataspace dataspace = new Dataspace(slug, displayName, authorityOrganisation, Times.now());
        if (findBySlug(slug).isPresent()) {
            throw new ConflictException("A dataspace with slug '" + slug + "' already exists");
        }
        em.persist(dataspace);
        Persistence.flush(em, "A dataspace with slug '" + slug + "' already exists");
        issuerKeys.createFirst(dataspace);
        statusLists.createFirst(dataspace);
        audit.record(caller, authorityOrganisation, AuditEvent.success(CREATE, KIND, slug, 201,
                Json.createObjectBuilder().add("slug", slug).add("displayName", displayName)
                        .add("authorityOrganisation", authorityOrganisation).build(),
                "set up dataspace '" + displayName + "' governed by this organisation"));
        return dataspace;
    }

    /** What a platform admin names to register a dataspace hosted elsewhere. */
    public record RemoteRegistration(String slug, String displayName, String authority, String remoteSlug) {
    }

    /**
     * Registers a dataspace governed by another Kaphera platform so that joins can name it: its issuer
     * DID and credential types are read from that platform's directory (over HTTP, with no transaction
     * open), then the local row is written. No profile, issuer keys or status list are created here.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Dataspace registerRemote(Caller caller, RemoteRegistration registration) {
        Permission.DATASPACES_CREATE.require(caller);
        String authority = registration.authority();
        String remoteSlug = registration.remoteSlug();
        List<FieldError> errors = new java.util.ArrayList<>();
        if (authority == null || !remotes.configured(authority)) {
            errors.add(new FieldError("remote.authority", "no remote authority '" + authority + "' is configured "
                    + "(kaphera.authorities.<name>.url and .organisation)"));
        }
        if (remoteSlug == null || !remoteSlug.matches(com.kaphera.cloud.organisation.Organisation.SLUG_REGEX)) {
            errors.add(new FieldError("remote.slug", com.kaphera.cloud.organisation.Organisation.SLUG_RULE));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The dataspace is not valid", errors);
        }
        RemotePlatforms.Answer entry = remotes.directoryEntry(authority, remoteSlug);
        if (entry.status() == 404) {
            throw new InvalidInputException("The dataspace is not valid", List.of(new FieldError("remote.slug",
                    "the directory of authority '" + authority + "' lists no published dataspace '" + remoteSlug + "'")));
        }
        if (!entry.ok()) {
            throw new InvalidInputException("The dataspace is not valid", List.of(new FieldError("remote.authority",
                    "the platform of authority '" + authority + "' refused this platform's account (HTTP " + entry.status()
                            + ")")));
        }
        String issuerDid = entry.body().getString("issuerDid", null);
        if (issuerDid == null || !issuerDid.startsWith("did:web:") || issuerDid.length() > 500) {
            throw new InvalidInputException("The dataspace is not valid", List.of(new FieldError("remote.slug",
                    "the directory of authority '" + authority + "' names no usable issuer DID for '" + remoteSlug + "'")));
        }
        List<String> types = entry.body().containsKey("credentialTypes") ? entry.body().getJsonArray("credentialTypes")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString)
                .filter(t -> t.matches("[A-Za-z][A-Za-z0-9]{0,99}")).toList() : List.of();
        String displayName = registration.displayName() != null ? registration.displayName()
                : entry.body().getString("displayName", remoteSlug);
        Dataspace d = Dataspace.remote(registration.slug(), displayName, authority, remoteSlug, issuerDid, types, Times.now());
        return context.getBusinessObject(DataspaceService.class).persistRemote(caller, d);
    }

    /** The second half of {@link #registerRemote}: public only because it runs through the bean's proxy. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Dataspace persistRemote(Caller caller, Dataspace dataspace) {
        Permission.DATASPACES_CREATE.require(caller);
        String slug = dataspace.slug();
        if (findBySlug(slug).isPresent()) {
            throw new ConflictException("A dataspace with slug '" + slug + "' already exists");
        }
        em.persist(dataspace);
        Persistence.flush(em, "A dataspace with slug '" + slug + "' already exists, or dataspace '" + dataspace.remoteSlug()
                + "' of authority '" + dataspace.remoteAuthority() + "' is registered already");
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(CREATE, KIND, slug, 201,
                Json.createObjectBuilder().add("slug", slug).add("displayName", dataspace.displayName())
                        .add("remoteAuthority", dataspace.remoteAuthority()).add("remoteSlug", dataspace.remoteSlug())
                        .add("issuerDid", dataspace.remoteIssuerDid()).build(),
                "registered dataspace '" + dataspace.displayName() + "', governed by remote authority '"
                        + dataspace.remoteAuthority() + "' (its dataspace '" + dataspace.remoteSlug() + "')"));
        return dataspace;
    }

    /** The dataspace as its governance sees it (drafts included). */
    public Dataspace find(Caller caller, String slug) {
        Permission.GOVERNANCE_READ.require(caller, slug);
        return require(slug);
    }

    /** Every version, newest first. */
    public List<ProfileVersion> versions(Caller caller, String slug) {
        Permission.GOVERNANCE_READ.require(caller, slug);
        return em.createQuery("select p from ProfileVersion p where p.dataspaceId = :d order by p.number desc",
                ProfileVersion.class).setParameter("d", require(slug).id()).getResultList();
    }

    public ProfileVersion version(Caller caller, String slug, int number) {
        Permission.GOVERNANCE_READ.require(caller, slug);
        return Optional.ofNullable(em.find(ProfileVersion.class, new ProfileVersion.Key(require(slug).id(), number)))
                .orElseThrow(() -> new NotFoundException("profile version", slug + "/" + number));
    }

    /**
     * Writes the draft: the one open draft is replaced, or a new one is started after the newest
     * version (editing a published profile this way never changes what members joined under).
     */
    public ProfileVersion saveDraft(Caller caller, String slug, DataspaceProfile profile, Long expectedVersion) {
        Permission.GOVERNANCE_MANAGE.require(caller, slug);
        List<FieldError> problems = profile.problems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The profile is not valid", problems);
        }
        Dataspace dataspace = lock(slug);
        Optional<ProfileVersion> draft = inState(dataspace, ProfileState.DRAFT);
        ProfileVersion version;
        String action;
        if (draft.isPresent()) {
            version = draft.get();
            checkVersion(version, expectedVersion);
            version.edit(dataspace, profile);
            action = "changed the draft profile (version " + version.number() + ")";
        } else {
            if (expectedVersion != null) {
                throw new PreconditionFailedException("There is no draft to match If-Match against; send no If-Match to start one");
            }
            int next = em.createQuery("select coalesce(max(p.number), 0) from ProfileVersion p where p.dataspaceId = :d",
                    Integer.class).setParameter("d", dataspace.id()).getSingleResult() + 1;
            version = new ProfileVersion(dataspace, next, profile, caller.subject(), Times.now());
            em.persist(version);
            action = "started draft profile version " + next;
        }
        Persistence.flush(em, "The draft of '" + slug + "' was changed concurrently; read it again and retry");
        audit.record(caller, dataspace.authorityOrganisation(), AuditEvent.success(SAVE_DRAFT, KIND,
                slug + "/profile/" + version.number(), 200, profile.toJson(), action + " of dataspace '" + slug + "'"));
        return version;
    }

    public void discardDraft(Caller caller, String slug) {
        Permission.GOVERNANCE_MANAGE.require(caller, slug);
        Dataspace dataspace = lock(slug);
        ProfileVersion draft = inState(dataspace, ProfileState.DRAFT)
                .orElseThrow(() -> new NotFoundException("draft profile", slug));
        em.remove(draft);
        Persistence.flush(em, "The draft of '" + slug + "' was changed concurrently");
        audit.record(caller, dataspace.authorityOrganisation(), AuditEvent.success(DISCARD_DRAFT, KIND,
                slug + "/profile/" + draft.number(), 204, null,
                "discarded draft profile version " + draft.number() + " of dataspace '" + slug + "'"));
    }

    /** Publishes the draft; the version published before is deprecated in the same transaction. */
    public ProfileVersion publish(Caller caller, String slug, Long expectedVersion) {
        Permission.GOVERNANCE_MANAGE.require(caller, slug);
        Dataspace dataspace = lock(slug);
        ProfileVersion draft = inState(dataspace, ProfileState.DRAFT)
                .orElseThrow(() -> new ConflictException("Dataspace '" + slug + "' has no draft to publish; save one first"));
        checkVersion(draft, expectedVersion);
        Optional<ProfileVersion> previous = inState(dataspace, ProfileState.PUBLISHED);
        previous.ifPresent(p -> p.deprecate(Times.now()));
        // The partial unique index allows one published version: the old one must be deprecated first.
        em.flush();
        draft.publish(caller.subject(), Times.now());
        Persistence.flush(em, "The profile of '" + slug + "' was changed concurrently; read it again and retry");
        audit.record(caller, dataspace.authorityOrganisation(), AuditEvent.success(PUBLISH, KIND,
                slug + "/profile/" + draft.number(), 200, null, "published profile version " + draft.number()
                        + " of dataspace '" + slug + "'" + previous.map(p -> " (version " + p.number()
                        + " deprecated; its members stay bound to it until migrated)").orElse("")));
        return draft;
    }

    /** Deprecates the published version without a successor: the dataspace leaves the directory. */
    public ProfileVersion deprecate(Caller caller, String slug, int number) {
        Permission.GOVERNANCE_MANAGE.require(caller, slug);
        Dataspace dataspace = lock(slug);
        ProfileVersion version = Optional.ofNullable(em.find(ProfileVersion.class,
                new ProfileVersion.Key(dataspace.id(), number)))
                .orElseThrow(() -> new NotFoundException("profile version", slug + "/" + number));
        version.deprecate(Times.now());
        Persistence.flush(em, "The profile of '" + slug + "' was changed concurrently; read it again and retry");
        audit.record(caller, dataspace.authorityOrganisation(), AuditEvent.success(DEPRECATE, KIND,
                slug + "/profile/" + number, 200, null, "deprecated profile version " + number + " of dataspace '"
                        + slug + "': no new requests until a version is published"));
        return version;
    }

    /** The published version, if any: what new requests are checked against. */
    public Optional<ProfileVersion> published(Dataspace dataspace) {
        return inState(dataspace, ProfileState.PUBLISHED);
    }

    /** For the server's own work (no caller check): the dataspace of that slug, or 404. */
    public Dataspace require(String slug) {
        return findBySlug(slug).orElseThrow(() -> new NotFoundException(KIND, slug));
    }

    Optional<Dataspace> findBySlug(String slug) {
        return em.createQuery("select d from Dataspace d where d.slug = :s", Dataspace.class).setParameter("s", slug)
                .getResultStream().findFirst();
    }

    /** Profile changes of one dataspace are serialised on its row. */
    private Dataspace lock(String slug) {
        Dataspace d = require(slug);
        if (d.isRemote()) {
            throw new ConflictException("Dataspace '" + slug + "' is governed on another platform (remote authority '"
                    + d.remoteAuthority() + "'): its profile is kept there");
        }
        em.refresh(d, LockModeType.PESSIMISTIC_WRITE);
        return d;
    }

    private Optional<ProfileVersion> inState(Dataspace dataspace, ProfileState state) {
        return em.createQuery("select p from ProfileVersion p where p.dataspaceId = :d and p.state = :s",
                        ProfileVersion.class)
                .setParameter("d", dataspace.id()).setParameter("s", state.id()).getResultStream().findFirst();
    }

    private static void checkVersion(ProfileVersion version, Long expected) {
        if (expected != null && expected != version.version()) {
            throw new PreconditionFailedException("The draft is at revision " + version.version() + ", not " + expected
                    + "; read it again and retry");
        }
    }

}
