package com.kaphera.dev.kubernetes;

import static com.kaphera.dev.kubernetes.StandInFixture.GROUP;
import static com.kaphera.dev.kubernetes.StandInFixture.VERSION;
import static com.kaphera.dev.kubernetes.StandInFixture.resourceVersion;
import static com.kaphera.dev.kubernetes.StandInFixture.widget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP streaming watches as client-java consumes them. */
class WatchTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private StandInFixture k8s;

  @BeforeEach
  void start() {
    k8s = StandInFixture.start(options -> options.withBookmarkInterval(Duration.ofSeconds(1)).withMaxWatches(3));
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void watchFromResourceVersionDeliversAddedModifiedDeletedInOrder() throws Exception {
    String start = k8s.widgets().list("kaphera-oem").getObject().getMetadata().getResourceVersion();
    String created = resourceVersion(k8s.create(widget("kaphera-oem", "connector", Map.of(), 1)));
    String patched = resourceVersion(mergePatch("kaphera-oem", "connector", "{\"spec\":{\"replicas\":2}}"));
    k8s.widgets().delete("kaphera-oem", "connector");

    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-oem", new ListOptions().resourceVersion(start))) {
      List<String> events = take(watch, 3);

      assertEquals(List.of("ADDED connector " + created, "MODIFIED connector " + patched, "DELETED connector"),
          events.stream().map(e -> e.startsWith("DELETED") ? e.substring(0, e.lastIndexOf(' ')) : e).toList());
      long deletedVersion = Long.parseLong(events.get(2).substring(events.get(2).lastIndexOf(' ') + 1));
      assertTrue(deletedVersion > Long.parseLong(patched), "a deletion gets its own, newer version");
    }
  }

  @Test
  void watchResumedFromAMidResourceVersionGetsExactlyTheRemainingEvents() throws Exception {
    String start = k8s.widgets().list("kaphera-oem").getObject().getMetadata().getResourceVersion();
    for (int i = 0; i < 5; i++) {
      k8s.create(widget("kaphera-oem", "w" + i, Map.of(), 1));
    }
    List<String> all;
    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-oem", new ListOptions().resourceVersion(start))) {
      all = take(watch, 5);
    }
    String mid = all.get(1).substring(all.get(1).lastIndexOf(' ') + 1);

    try (Watchable<DynamicKubernetesObject> resumed = widgets().watch("kaphera-oem", new ListOptions().resourceVersion(mid))) {
      // One more change after resuming proves the stream goes on live, without repeating anything.
      k8s.create(widget("kaphera-oem", "w5", Map.of(), 1));
      List<String> rest = take(resumed, 4);

      assertEquals(all.subList(2, 5), rest.subList(0, 3));
      assertEquals("ADDED w5", rest.get(3).substring(0, rest.get(3).lastIndexOf(' ')));
    }
  }

  @Test
  void concurrentWritesReachAWatcherOnceEachInResourceVersionOrder() throws Exception {
    int writers = 8;
    int perWriter = 25;
    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-oem", new ListOptions())) {
      ExecutorService threads = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          done.add(threads.submit(() -> {
            for (int i = 0; i < perWriter; i++) {
              k8s.create(widget("kaphera-oem", "w" + writer + "-" + i, Map.of(), 1));
            }
          }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        threads.shutdownNow();
      }

      List<String> events = take(watch, writers * perWriter);

      List<Long> versions = events.stream().map(e -> Long.parseLong(e.substring(e.lastIndexOf(' ') + 1))).toList();
      for (int i = 1; i < versions.size(); i++) {
        assertTrue(versions.get(i) > versions.get(i - 1), "in order: " + versions);
      }
      assertEquals(writers * perWriter, events.stream().map(e -> e.split(" ")[1]).distinct().count());
    }
  }

  @Test
  void watchWithoutResourceVersionStartsWithSyntheticAddedForCurrentObjects() throws Exception {
    k8s.create(widget("kaphera-sme", "a", Map.of(), 1));
    k8s.create(widget("kaphera-sme", "b", Map.of(), 1));
    k8s.widgets().delete("kaphera-sme", "a");

    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-sme", new ListOptions())) {
      List<String> initial = take(watch, 1);
      k8s.create(widget("kaphera-sme", "c", Map.of(), 1));
      List<String> live = take(watch, 1);

      assertEquals("ADDED b", initial.get(0).substring(0, initial.get(0).lastIndexOf(' ')));
      assertEquals("ADDED c", live.get(0).substring(0, live.get(0).lastIndexOf(' ')));
    }
  }

  @Test
  void watchFromAnExpiredResourceVersionEndsWith410() throws Exception {
    try (StandInFixture small = StandInFixture.start(options -> options.withHistory(50));
        Watchable<DynamicKubernetesObject> watch = expiredWatch(small)) {
      Watch.Response<DynamicKubernetesObject> error = watch.next();

      assertEquals("ERROR", error.type);
      assertEquals(410, error.status.getCode());
      assertEquals("Expired", error.status.getReason());
      assertTrue(error.status.getMessage().startsWith("too old resource version: 3 ("), error.status.getMessage());
      assertFalse(watch.hasNext(), "the stream ends after the error");
    }
  }

  @Test
  void bookmarksCarryTheCurrentResourceVersion() throws Exception {
    k8s.create(widget("kaphera-oem", "before", Map.of(), 1));
    String current = k8s.widgets().list("kaphera-oem").getObject().getMetadata().getResourceVersion();
    Call call = new CustomObjectsApi(k8s.watchClient).listNamespacedCustomObject(GROUP, VERSION, "kaphera-oem", "widgets")
        .resourceVersion(current).allowWatchBookmarks(true).watch(true).buildCall(null);

    try (Watch<JsonObject> watch = Watch.createWatch(k8s.watchClient, call,
        new TypeToken<Watch.Response<JsonObject>>() { }.getType())) {
      Watch.Response<JsonObject> bookmark = assertTimeoutPreemptively(PATIENCE, watch::next);

      assertEquals("BOOKMARK", bookmark.type);
      assertEquals(current, bookmark.object.getAsJsonObject("metadata").get("resourceVersion").getAsString());
      assertEquals("Widget", bookmark.object.get("kind").getAsString());
    }
  }

  @Test
  void timeoutSecondsEndsTheStream() throws Exception {
    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-oem", new ListOptions().timeoutSeconds(1))) {
      boolean more = assertTimeoutPreemptively(PATIENCE, watch::hasNext);

      assertFalse(more);
    }
  }

  @Test
  void objectLeavingTheLabelSelectorIsDeletedForTheWatcherAndAddedWhenItReturns() throws Exception {
    k8s.create(widget("kaphera-oem", "moving", Map.of("tier", "gold"), 1));

    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-oem", new ListOptions().labelSelector("tier=gold"))) {
      take(watch, 1);
      String silver = resourceVersion(mergePatch("kaphera-oem", "moving", "{\"metadata\":{\"labels\":{\"tier\":\"silver\"}}}"));
      mergePatch("kaphera-oem", "moving", "{\"spec\":{\"replicas\":9}}");
      String gold = resourceVersion(mergePatch("kaphera-oem", "moving", "{\"metadata\":{\"labels\":{\"tier\":\"gold\"}}}"));

      assertEquals(List.of("DELETED moving " + silver, "ADDED moving " + gold), take(watch, 2));
    }
  }

  @Test
  void watchOfOneObjectByFieldSelectorSeesOnlyThatObject() throws Exception {
    try (Watchable<DynamicKubernetesObject> watch = widgets().watch("kaphera-oem",
        new ListOptions().fieldSelector("metadata.name=wanted"))) {
      k8s.create(widget("kaphera-oem", "unwanted", Map.of(), 1));
      k8s.create(widget("kaphera-oem", "wanted", Map.of(), 1));

      assertEquals("ADDED wanted", take(watch, 1).get(0).replaceAll(" \\d+$", ""));
    }
  }

  @Test
  void watchOfCustomResourceDefinitionsSeesANewDefinition() throws Exception {
    ApiextensionsV1Api crds = new ApiextensionsV1Api(k8s.watchClient);
    String current = crds.listCustomResourceDefinition().execute().getMetadata().getResourceVersion();
    Call call = crds.listCustomResourceDefinition().resourceVersion(current).watch(true).buildCall(null);

    try (Watch<V1CustomResourceDefinition> watch = Watch.createWatch(k8s.watchClient, call,
        new TypeToken<Watch.Response<V1CustomResourceDefinition>>() { }.getType())) {
      DefinitionsAndDiscoveryTest.createGadgetDefinition(k8s.client);
      Watch.Response<V1CustomResourceDefinition> added = assertTimeoutPreemptively(PATIENCE, watch::next);

      assertEquals("ADDED", added.type);
      assertEquals("gadgets.test.kaphera.io", added.object.getMetadata().getName());
    }
  }

  @Test
  void closedWatchesFreeTheirThreads() throws Exception {
    // max-watches is 3 here: if closed watches kept their threads, the later ones would get 429.
    for (int i = 0; i < 6; i++) {
      Call call = new CustomObjectsApi(k8s.watchClient).listNamespacedCustomObject(GROUP, VERSION, "kaphera-oem", "widgets")
          .allowWatchBookmarks(true).watch(true).buildCall(null);
      Watch<JsonObject> watch = assertTimeoutPreemptively(PATIENCE, () -> Watch.createWatch(k8s.watchClient, call,
          new TypeToken<Watch.Response<JsonObject>>() { }.getType()));
      watch.close();
      if (i % 3 == 2) {
        Thread.sleep(2500);
      }
    }
  }

  @Test
  void tooManyWatchesAreRefusedWith429() throws Exception {
    List<Watchable<DynamicKubernetesObject>> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(widgets().watch("kaphera-oem", new ListOptions()));
      }
      ApiException refused = assertThrows(ApiException.class,
          () -> widgets().watch("kaphera-oem", new ListOptions()));
      assertEquals(429, refused.getCode());
    } finally {
      for (Watchable<DynamicKubernetesObject> watch : open) {
        watch.close();
      }
    }
  }

  /** A watch from resource version 3 after 60 writes on a stand-in that keeps 50 events. */
  private static Watchable<DynamicKubernetesObject> expiredWatch(StandInFixture small) throws ApiException {
    for (int i = 0; i < 60; i++) {
      small.create(widget("kaphera-tier1", "w" + i, Map.of(), 1));
    }
    return new DynamicKubernetesApi(GROUP, VERSION, "widgets", small.watchClient)
        .watch("kaphera-tier1", new ListOptions().resourceVersion("3"));
  }

  private DynamicKubernetesApi widgets() {
    return new DynamicKubernetesApi(GROUP, VERSION, "widgets", k8s.watchClient);
  }

  private DynamicKubernetesObject mergePatch(String namespace, String name, String patch) {
    DynamicKubernetesObject patched = k8s.widgets().patch(namespace, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch(patch)).getObject();
    assertNotEquals(null, patched);
    return patched;
  }

  /** The next {@code n} events as "TYPE name resourceVersion", failing if they take too long. */
  private static List<String> take(Watchable<DynamicKubernetesObject> watch, int n) {
    return assertTimeoutPreemptively(PATIENCE, () -> {
      List<String> events = new ArrayList<>();
      while (events.size() < n) {
        Watch.Response<DynamicKubernetesObject> event = watch.next();
        if ("BOOKMARK".equals(event.type)) {
          continue;
        }
        events.add(event.type + " " + event.object.getMetadata().getName() + " "
            + event.object.getMetadata().getResourceVersion());
      }
      return events;
    });
  }
}
