package com.kaphera.cloud.web.openapi;

import com.kaphera.cloud.edition.Features;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Drops the paths of features this edition does not serve from the OpenAPI document, so generated
 * clients never see an endpoint that would answer 404. Applied first by {@link ApiContractFilter}
 * (the filter registered with {@code mp.openapi.filter}).
 */
public class EditionOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Features features = Features.from(ConfigProvider.getConfig());
        List<String> hidden = openAPI.getPaths().getPathItems().keySet().stream()
                .filter(path -> features.disabledFeatureOwning(path).isPresent())
                .toList();
        hidden.forEach(openAPI.getPaths()::removePathItem);
    }
}
