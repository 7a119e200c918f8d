package com.kaphera.cloud.operations;

import com.kaphera.cloud.crd.ResourceTypeCatalogue;
import com.kaphera.cloud.crd.kubernetes.KubernetesConnection;
import com.kaphera.cloud.crd.watch.ResourceWatches;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.persistence.DatabaseMigrator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import javax.management.ObjectName;

/** Publishes {@link ServerMXBean} for the life of the application. */
@Singleton
@Startup
public class ServerMBeanRegistration implements ServerMXBean {
    public static final String OBJECT_NAME = "com.kaphera.cloud:type=Server";

    @Inject
    Features features;

    @Inject
    DatabaseMigrator migrator;

    @Inject
    ResourceWatches watches;

    @Inject
    ResourceTypeCatalogue catalogue;

    @Inject
    KubernetesConnection kubernetes;

    private final Instant startTime = Instant.now();
    private ObjectName name;
    private ClassLoader applicationLoader;

    @PostConstruct
    void register() {
        applicationLoader = Thread.currentThread().getContextClassLoader();
        name = MBeans.register(OBJECT_NAME, this, ServerMXBean.class);
    }

    @PreDestroy
    void unregister() {
        MBeans.unregister(name);
    }

    @Override
    public String getEdition() {
        return features.edition().id();
    }

    @Override
    public String[] getEnabledFeatures() {
        return features.enabled().stream().map(Feature::id).toArray(String[]::new);
    }

    @Override
    public String getStartTime() {
        return startTime.toString();
    }

    @Override
    public String getVersion() {
        return BuildInfo.version();
    }

    @Override
    public String getSchemaVersion() {
        return migrator.schemaVersion().orElse("");
    }

    @Override
    public int getOpenWatches() {
        return inApplication(watches::openCount);
    }

    @Override
    public int getResourceTypes() {
        return inApplication(() -> catalogue.all().size());
    }

    @Override
    public String getKubernetesApi() {
        return inApplication(kubernetes::description);
    }

    /**
     * JMX calls arrive on RMI threads without the application's class loader, which the CDI beans
     * behind these attributes (and the libraries they may initialise lazily) need.
     */
    private <T> T inApplication(java.util.function.Supplier<T> read) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(applicationLoader);
        try {
            return read.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
