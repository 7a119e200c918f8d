package com.kaphera.cloud.crd.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets {@code ?watch=true} choose the watch (as {@code kubectl get -w} users expect) whatever Accept
 * says, and makes a plain GET of a collection a JSON list even for {@code Accept: *}{@code /*}: the
 * list and the watch share a path and differ only in the media type they produce.
 */
@Provider
@PreMatching
public class WatchNegotiationFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod()) || !request.getUriInfo().getPath().contains("/resources/")) {
            return;
        }
        String watch = request.getUriInfo().getQueryParameters().getFirst("watch");
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if ("true".equals(watch) || "1".equals(watch)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
        } else if (accept == null || !accept.contains(MediaType.SERVER_SENT_EVENTS)) {
            if (accept == null || accept.contains("*/*") || accept.contains("application/*")) {
                request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
            }
        }
    }
}
