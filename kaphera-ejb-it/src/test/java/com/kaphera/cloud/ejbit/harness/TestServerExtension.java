package com.kaphera.cloud.ejbit.harness;

import java.io.IOException;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Ties PostgreSQL and the server's assembly to Arquillian's own container life cycle (test client
 * side, META-INF/services): before Arquillian starts Liberty, and after it stopped Liberty. A JVM
 * shutdown hook stops PostgreSQL as well if the run ends another way; scripts/ci-cleanup.sh covers a
 * killed JVM.
 */
public class TestServerExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Lifecycle.class);
    }

    public static class Lifecycle {
        public void beforeStart(@Observes BeforeStart event) throws IOException {
            TestServer.prepare();
        }

        public void afterStop(@Observes AfterStop event) {
            TestServer.release();
        }
    }
}
