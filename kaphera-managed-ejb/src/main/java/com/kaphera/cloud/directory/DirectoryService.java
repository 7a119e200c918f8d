package com.kaphera.cloud.directory;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.ProfileVersion;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The dataspace directory: published dataspaces, what they are for and what joining asks, for any
 * authenticated user. Drafts, requests and members are not here (governance and discovery are).
 */
@Stateless
public class DirectoryService {
    public static final int MAX_QUERY = 200;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** A published dataspace with the profile version new participants join under. */
    public record Listing(Dataspace dataspace, ProfileVersion profile) {
    }

    /**
     * Published dataspaces in slug order whose name, description or use cases contain every word of
     * {@code query} (case-insensitive; null lists all). Any authenticated caller may read the directory.
     */
    public Page<Listing> list(Caller caller, String query, int limit, String continueToken) {
        List<String> words = words(query);
        String after = continueToken == null ? null : PageToken.decode(continueToken, "continue");
        StringBuilder jpql = new StringBuilder("select d, p from Dataspace d, ProfileVersion p "
                + "where p.dataspaceId = d.id and p.state = 'published'");
        for (int i = 0; i < words.size(); i++) {
            jpql.append(" and p.searchText like :w").append(i).append(" escape '\\'");
        }
        if (after != null) {
            jpql.append(" and d.slug > :after");
        }
        jpql.append(" order by d.slug");
        TypedQuery<Object[]> q = em.createQuery(jpql.toString(), Object[].class).setMaxResults(limit + 1);
        for (int i = 0; i < words.size(); i++) {
            q.setParameter("w" + i, "%" + escape(words.get(i)) + "%");
        }
        if (after != null) {
            q.setParameter("after", after);
        }
        List<Listing> rows = q.getResultList().stream().map(r -> new Listing((Dataspace) r[0], (ProfileVersion) r[1])).toList();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Listing> page = rows.subList(0, limit);
        return new Page<>(page, PageToken.encode(page.get(limit - 1).dataspace().slug()));
    }

    public Listing get(Caller caller, String slug) {
        List<Object[]> rows = em.createQuery("select d, p from Dataspace d, ProfileVersion p where p.dataspaceId = d.id "
                        + "and p.state = 'published' and d.slug = :s", Object[].class)
                .setParameter("s", slug).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundException("dataspace", slug);
        }
        return new Listing((Dataspace) rows.get(0)[0], (ProfileVersion) rows.get(0)[1]);
    }

    private static List<String> words(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (query.length() > MAX_QUERY) {
            errors.add(new FieldError("q", "must be at most " + MAX_QUERY + " characters"));
        }
        FreeText.check("q", query, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The search is not valid", errors);
        }
        return Arrays.stream(query.toLowerCase(Locale.ROOT).trim().split("\\s+")).distinct().limit(10).toList();
    }

    private static String escape(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
