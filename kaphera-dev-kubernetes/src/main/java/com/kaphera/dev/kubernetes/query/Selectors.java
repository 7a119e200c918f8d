package com.kaphera.dev.kubernetes.query;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses labelSelector and fieldSelector into fabric8 attribute requirements. fabric8's own parser
 * splits on every comma and so cannot read set-based requirements ({@code tier in (gold,silver)});
 * this one reads the full label selector grammar and produces the attribute types fabric8's matcher
 * already supports (WITH, WITHOUT, EXISTS, NOT_EXISTS, IN, NOT_IN), keyed like fabric8 keys labels.
 */
public final class Selectors {

  /** fabric8 stores label "a" of an object as attribute "labels:a". */
  private static final String LABEL_PREFIX = "labels:";
  /** The only field selectors the real server accepts for custom resources. */
  private static final Set<String> FIELDS = Set.of("metadata.name", "metadata.namespace");

  private static final String KEY = "([A-Za-z0-9][-A-Za-z0-9_./]*)";
  private static final String VALUE = "([-A-Za-z0-9_.]*)";
  private static final Pattern EXISTS = Pattern.compile(KEY);
  private static final Pattern NOT_EXISTS = Pattern.compile("!\\s*" + KEY);
  private static final Pattern EQUALS = Pattern.compile(KEY + "\\s*(==|=|!=)\\s*" + VALUE);
  private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\(([^)]*)\\)");

  private Selectors() {
  }

  /** Thrown for a selector the real server would also reject with 400. */
  public static final class InvalidSelectorException extends Exception {
    InvalidSelectorException(String message) {
      super(message);
    }
  }

  public static List<AttributeSet> labels(String selector) throws InvalidSelectorException {
    List<AttributeSet> requirements = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return requirements;
    }
    for (String requirement : splitOutsideParentheses(selector)) {
      requirements.add(new AttributeSet(label(requirement.trim())));
    }
    return requirements;
  }

  public static List<AttributeSet> fields(String selector) throws InvalidSelectorException {
    List<AttributeSet> requirements = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return requirements;
    }
    for (String requirement : selector.split(",")) {
      Matcher m = EQUALS.matcher(requirement.trim());
      if (!m.matches()) {
        throw new InvalidSelectorException("invalid selector: '" + selector + "'; can't understand '"
            + requirement.trim() + "'");
      }
      if (!FIELDS.contains(m.group(1))) {
        throw new InvalidSelectorException("\"" + m.group(1)
            + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
      }
      AttributeType type = m.group(2).equals("!=") ? AttributeType.WITHOUT : AttributeType.WITH;
      requirements.add(new AttributeSet(new Attribute(m.group(1), m.group(3), type)));
    }
    return requirements;
  }

  private static Attribute label(String requirement) throws InvalidSelectorException {
    Matcher m = SET.matcher(requirement);
    if (m.matches()) {
      List<String> values = new ArrayList<>();
      for (String value : m.group(3).split(",")) {
        values.add(value.trim());
      }
      AttributeType type = m.group(2).equals("in") ? AttributeType.IN : AttributeType.NOT_IN;
      return new Attribute(LABEL_PREFIX + m.group(1), values, type);
    }
    m = EQUALS.matcher(requirement);
    if (m.matches()) {
      AttributeType type = m.group(2).equals("!=") ? AttributeType.WITHOUT : AttributeType.WITH;
      return new Attribute(LABEL_PREFIX + m.group(1), m.group(3), type);
    }
    m = NOT_EXISTS.matcher(requirement);
    if (m.matches()) {
      return new Attribute(LABEL_PREFIX + m.group(1), "", AttributeType.NOT_EXISTS);
    }
    m = EXISTS.matcher(requirement);
    if (m.matches()) {
      return new Attribute(LABEL_PREFIX + m.group(1), "", AttributeType.EXISTS);
    }
    throw new InvalidSelectorException("unable to parse requirement: " + requirement);
  }

  private static List<String> splitOutsideParentheses(String selector) {
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
}
