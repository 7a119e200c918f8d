package com.kaphera.cloud.edition;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Resolves the edition once per application; a bad {@code kaphera.edition} fails the start-up. */
@ApplicationScoped
public class FeaturesProducer {

    @Produces
    @Singleton
    Features features() {
        return Features.from(ConfigProvider.getConfig());
    }
}
