package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.credentials.dcp.DidDocument;
import com.kaphera.cloud.governance.credentials.dcp.DidResolutionException;
import com.kaphera.cloud.governance.credentials.dcp.DidResolver;
import com.kaphera.cloud.governance.credentials.dcp.HttpDidResolver;
import com.kaphera.cloud.governance.credentials.dcp.HttpStatusListFetcher;
import com.kaphera.cloud.governance.credentials.dcp.StatusListFetcher;
import com.kaphera.cloud.governance.credentials.dcp.StatusListUnavailableException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * How the server finds DID documents and status lists: its own dataspaces' from the database (never
 * over the network to itself), everyone else's over HTTP with a timeout and a size cap.
 */
@Stateless
public class Resolution {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_DOCUMENT = 256 * 1024;
    private static final int MAX_STATUS_LIST = 2 * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    IssuerEndpoints endpoints;

    @EJB
    DataspaceService dataspaces;

    @EJB
    IssuerKeys keys;

    @EJB
    StatusLists statusLists;

    public DidResolver dids() {
        DidResolver remote = new HttpDidResolver(HTTP, endpoints.didWebHttps(), TIMEOUT, MAX_DOCUMENT);
        return did -> {
            Optional<String> ours = endpoints.dataspaceOf(did);
            if (ours.isEmpty()) {
                return remote.resolve(did);
            }
            Dataspace d;
            try {
                d = dataspaces.require(ours.get());
            } catch (com.kaphera.cloud.common.NotFoundException e) {
                throw new DidResolutionException(DidResolutionException.Reason.NOT_FOUND, "No dataspace issuer " + did);
            }
            if (d.isRemote()) {
                throw new DidResolutionException(DidResolutionException.Reason.NOT_FOUND, "No dataspace issuer " + did);
            }
            return ownDocument(d);
        };
    }

    public StatusListFetcher statusLists() {
        StatusListFetcher remote = new HttpStatusListFetcher(HTTP, TIMEOUT, MAX_STATUS_LIST);
        return url -> {
            Optional<String[]> ours = ownStatusList(url);
            if (ours.isEmpty()) {
                if (endpoints.didWebHttps() && !"https".equalsIgnoreCase(url.getScheme())) {
                    throw new StatusListUnavailableException("The status list " + url + " is not served over https");
                }
                return remote.fetch(url);
            }
            try {
                return statusLists.credential(dataspaces.require(ours.get()[0]), ours.get()[1]);
            } catch (com.kaphera.cloud.common.NotFoundException e) {
                throw new StatusListUnavailableException("No status list at " + url);
            }
        };
    }

    /** The issuer DID document of one of our dataspaces. */
    public JsonObject ownDocument(Dataspace dataspace) {
        return DidDocument.issuer(endpoints.did(dataspace.slug()), keys.published(dataspace),
                endpoints.issuerService(dataspace.slug()));
    }

    private Optional<String[]> ownStatusList(URI url) {
        String prefix = endpoints.statusList("x", "y").toString();
        String root = prefix.substring(0, prefix.length() - "x/status/y".length());
        String u = url.toString();
        if (!u.startsWith(root)) {
            return Optional.empty();
        }
        String[] rest = u.substring(root.length()).split("/");
        return rest.length == 3 && "status".equals(rest[1]) ? Optional.of(new String[] {rest[0], rest[2]}) : Optional.empty();
    }
}
