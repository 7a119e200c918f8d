package com.kaphera.dev.kubernetes;

import static com.kaphera.dev.kubernetes.StandInFixture.widget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lists: limit/continue paging, label and field selectors. */
class ListPagingAndSelectorsTest {

  private static final List<String> NAMESPACES = List.of("kaphera-oem", "kaphera-sme", "kaphera-tier1");

  private StandInFixture k8s;

  @BeforeEach
  void start() {
    k8s = StandInFixture.start();
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void pagingWithLimitWalksAllItemsOnceInNamespaceThenNameOrder() {
    List<String> expected = createAcrossNamespaces(10);

    List<String> walked = new ArrayList<>();
    List<Long> remaining = new ArrayList<>();
    String next = null;
    do {
      KubernetesApiResponse<DynamicKubernetesListObject> page = k8s.widgets().list(new ListOptions().limit(7)._continue(next));
      assertEquals(200, page.getHttpStatusCode());
      page.getObject().getItems().forEach(item -> walked.add(key(item)));
      V1ListMeta metadata = page.getObject().getMetadata();
      next = metadata.getContinue();
      if (next != null) {
        remaining.add(metadata.getRemainingItemCount());
      }
    } while (next != null);

    assertEquals(expected.stream().sorted().toList(), walked);
    assertEquals(List.of(23L, 16L, 9L, 2L), remaining);
  }

  @Test
  void pagingReturnsEveryUntouchedItemExactlyOnceWhileItemsComeAndGo() {
    List<String> initial = createAcrossNamespaces(6);
    KubernetesApiResponse<DynamicKubernetesListObject> first = k8s.widgets().list(new ListOptions().limit(5));
    List<String> walked = new ArrayList<>();
    first.getObject().getItems().forEach(item -> walked.add(key(item)));

    // Between pages: delete one item already returned and one not yet returned, create one that sorts
    // before the cursor and one after it. Offsets would now skip or repeat items; keys do not.
    k8s.widgets().delete("kaphera-oem", "widget-01");
    k8s.widgets().delete("kaphera-tier1", "widget-03");
    k8s.create(widget("kaphera-oem", "widget-00a", Map.of(), 1));
    k8s.create(widget("kaphera-tier1", "widget-99", Map.of(), 1));
    String next = first.getObject().getMetadata().getContinue();
    String firstVersion = first.getObject().getMetadata().getResourceVersion();
    while (next != null) {
      KubernetesApiResponse<DynamicKubernetesListObject> page = k8s.widgets().list(new ListOptions().limit(5)._continue(next));
      assertEquals(firstVersion, page.getObject().getMetadata().getResourceVersion(), "every page reports the first");
      page.getObject().getItems().forEach(item -> walked.add(key(item)));
      next = page.getObject().getMetadata().getContinue();
    }

    assertEquals(walked.size(), new HashSet<>(walked).size(), "no item twice: " + walked);
    Set<String> untouched = new HashSet<>(initial);
    untouched.remove("kaphera-tier1/widget-03");
    assertTrue(walked.containsAll(untouched), walked.toString());
    assertTrue(walked.contains("kaphera-tier1/widget-99"), "created after the cursor: seen");
    assertTrue(!walked.contains("kaphera-oem/widget-00a"), "created before the cursor: not seen");
  }

  @Test
  void lastPageHasNoContinueAndNoRemainingCount() {
    createAcrossNamespaces(2);

    DynamicKubernetesListObject all = k8s.widgets().list(new ListOptions().limit(100)).getObject();

    assertEquals(6, all.getItems().size());
    assertNull(all.getMetadata().getContinue());
    assertNull(all.getMetadata().getRemainingItemCount());
    assertNotNull(all.getMetadata().getResourceVersion());
  }

  @Test
  void namespacedListPagesWithinTheNamespace() {
    createAcrossNamespaces(4);

    List<String> walked = new ArrayList<>();
    String next = null;
    do {
      DynamicKubernetesListObject page = k8s.widgets().list("kaphera-sme", new ListOptions().limit(3)._continue(next))
          .getObject();
      page.getItems().forEach(item -> walked.add(key(item)));
      next = page.getMetadata().getContinue();
    } while (next != null);

    assertEquals(List.of("kaphera-sme/widget-00", "kaphera-sme/widget-01", "kaphera-sme/widget-02",
        "kaphera-sme/widget-03"), walked);
  }

  @Test
  void invalidContinueTokenIsBadRequest() {
    KubernetesApiResponse<DynamicKubernetesListObject> answer = k8s.widgets().list(new ListOptions()._continue("bogus"));

    assertEquals(400, answer.getHttpStatusCode());
    assertEquals("BadRequest", answer.getStatus().getReason());
  }

  @Test
  void labelSelectorsFilterWithEqualitySetAndExistence() {
    k8s.create(widget("kaphera-oem", "gold", Map.of("tier", "gold", "region", "eu"), 1));
    k8s.create(widget("kaphera-oem", "silver", Map.of("tier", "silver"), 1));
    k8s.create(widget("kaphera-oem", "bronze", Map.of("tier", "bronze", "region", "us"), 1));
    k8s.create(widget("kaphera-oem", "plain", Map.of(), 1));

    assertEquals(List.of("gold"), names(new ListOptions().labelSelector("tier=gold")));
    assertEquals(List.of("bronze", "plain", "silver"), names(new ListOptions().labelSelector("tier!=gold")));
    assertEquals(List.of("gold", "silver"), names(new ListOptions().labelSelector("tier in (gold, silver)")));
    assertEquals(List.of("bronze", "plain"), names(new ListOptions().labelSelector("tier notin (gold,silver)")));
    assertEquals(List.of("bronze", "gold"), names(new ListOptions().labelSelector("region")));
    assertEquals(List.of("plain", "silver"), names(new ListOptions().labelSelector("!region")));
    // != also selects objects without the label, as on the real server.
    assertEquals(List.of("plain", "silver"), names(new ListOptions().labelSelector("tier!=gold,tier!=bronze,!region")));
  }

  @Test
  void fieldSelectorOnMetadataNameFindsOneObject() {
    createAcrossNamespaces(3);

    assertEquals(List.of("kaphera-oem/widget-02", "kaphera-sme/widget-02", "kaphera-tier1/widget-02"),
        keys(new ListOptions().fieldSelector("metadata.name=widget-02")));
    assertEquals(List.of("kaphera-sme/widget-02"),
        keys(new ListOptions().fieldSelector("metadata.name=widget-02,metadata.namespace=kaphera-sme")));
  }

  @Test
  void unsupportedFieldSelectorIsBadRequest() {
    KubernetesApiResponse<DynamicKubernetesListObject> answer =
        k8s.widgets().list(new ListOptions().fieldSelector("status.phase=Ready"));

    assertEquals(400, answer.getHttpStatusCode());
  }

  /** Creates widget-00..widget-(n-1) in each of three namespaces, in reverse so order is not insertion. */
  private List<String> createAcrossNamespaces(int perNamespace) {
    List<String> keys = new ArrayList<>();
    for (int i = perNamespace - 1; i >= 0; i--) {
      for (int n = NAMESPACES.size() - 1; n >= 0; n--) {
        String namespace = NAMESPACES.get(n);
        String name = String.format("widget-%02d", i);
        k8s.create(widget(namespace, name, Map.of("index", Integer.toString(i)), 1));
        keys.add(namespace + "/" + name);
      }
    }
    return keys;
  }

  private List<String> names(ListOptions options) {
    return k8s.widgets().list("kaphera-oem", options).getObject().getItems().stream()
        .map(item -> item.getMetadata().getName()).toList();
  }

  private List<String> keys(ListOptions options) {
    return k8s.widgets().list(options).getObject().getItems().stream().map(ListPagingAndSelectorsTest::key).toList();
  }

  private static String key(DynamicKubernetesObject item) {
    return item.getMetadata().getNamespace() + "/" + item.getMetadata().getName();
  }
}
