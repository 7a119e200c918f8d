package com.kaphera.cloud.crd;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list or watch query, checked here so that a malformed selector is a 400 naming the parameter,
 * whatever the Kubernetes API in front of us would have said.
 *
 * @param labelSelector Kubernetes label selector syntax ({@code app=x,tier!=db,env in (a,b),!legacy})
 * @param fieldSelector only {@code metadata.name=...} / {@code metadata.name!=...} (what custom
 *                      resources support)
 */
public record ResourceQuery(String labelSelector, String fieldSelector, Integer limit, String continueToken) {
    private static final String KEY = "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
    private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
    private static final Pattern REQUIREMENT = Pattern.compile("^\\s*(!?\\s*" + KEY + "|" + KEY + "\\s*(=|==|!=)\\s*" + VALUE
            + "|" + KEY + "\\s+(in|notin)\\s*\\(\\s*" + VALUE + "(\\s*,\\s*" + VALUE + ")*\\s*\\))\\s*$");
    private static final Pattern NAME_FIELD = Pattern.compile("^metadata\\.name(=|==|!=)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");

    /** Longer selectors are refused before any regular expression sees them. */
    public static final int MAX_SELECTOR_LENGTH = 1024;

    public ResourceQuery {
        List<FieldError> errors = new ArrayList<>();
        if (labelSelector != null && labelSelector.length() > MAX_SELECTOR_LENGTH) {
            errors.add(new FieldError("labelSelector", "must be at most " + MAX_SELECTOR_LENGTH + " characters"));
        } else if (fieldSelector != null && fieldSelector.length() > MAX_SELECTOR_LENGTH) {
            errors.add(new FieldError("fieldSelector", "must be at most " + MAX_SELECTOR_LENGTH + " characters"));
        } else if (labelSelector != null && !labelSelector.isBlank()) {
            for (String requirement : splitRequirements(labelSelector)) {
                if (!matches(REQUIREMENT, requirement)) {
                    errors.add(new FieldError("labelSelector", "'" + shorten(requirement)
                            + "' is not a label selector requirement (key, !key, key=value, key!=value, "
                            + "key in (a,b), key notin (a,b))"));
                }
            }
        }
        if (errors.isEmpty() && fieldSelector != null && !fieldSelector.isBlank()) {
            for (String requirement : fieldSelector.split(",")) {
                if (!matches(NAME_FIELD, requirement.strip())) {
                    errors.add(new FieldError("fieldSelector", "'" + shorten(requirement)
                            + "' is not supported: use metadata.name=<name> or metadata.name!=<name>"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The query has " + errors.size() + " invalid parameter"
                    + (errors.size() == 1 ? "" : "s"), errors);
        }
        labelSelector = blankToNull(labelSelector);
        fieldSelector = blankToNull(fieldSelector);
        continueToken = blankToNull(continueToken);
    }

    /** A backtracking match that gives up (as "no match") rather than overflow the stack. */
    private static boolean matches(Pattern pattern, String s) {
        try {
            return pattern.matcher(s).matches();
        } catch (StackOverflowError e) {
            return false;
        }
    }

    /** Splits on commas that are not inside an {@code in (...)} set. */
    private static List<String> splitRequirements(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static String shorten(String s) {
        String t = s.strip();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
