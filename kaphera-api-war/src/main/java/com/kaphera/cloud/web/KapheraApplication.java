package com.kaphera.cloud.web;

import com.kaphera.cloud.directory.api.DirectoryResource;
import com.kaphera.cloud.governance.api.DataspaceRequestResource;
import com.kaphera.cloud.governance.api.DataspaceResource;
import com.kaphera.cloud.governance.api.MembershipRequestResource;
import com.kaphera.cloud.governance.api.MembershipResource;
import com.kaphera.cloud.governance.credentials.api.CredentialVerificationResource;
import com.kaphera.cloud.governance.credentials.api.DataspaceCredentialResource;
import com.kaphera.cloud.governance.credentials.api.DcpResource;
import com.kaphera.cloud.governance.credentials.api.IssuerKeyResource;
import com.kaphera.cloud.governance.credentials.api.OrganisationCredentialResource;
import com.kaphera.cloud.account.api.CustomerAccountResource;
import com.kaphera.cloud.billing.api.metering.UsageExportResource;
import com.kaphera.cloud.billing.api.metering.UsageReportResource;
import com.kaphera.cloud.capabilities.CapabilitiesResource;
import com.kaphera.cloud.crd.api.CustomResourceResource;
import com.kaphera.cloud.crd.api.ResourceTypeResource;
import com.kaphera.cloud.crd.api.WatchNegotiationFilter;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.fleet.api.FleetResource;
import com.kaphera.cloud.organisation.api.OrganisationResource;
import com.kaphera.cloud.tenancy.api.MeResource;
import com.kaphera.cloud.web.json.JsonConfig;
import com.kaphera.cloud.web.json.JsonObjectReader;
import com.kaphera.cloud.web.json.JsonRecordReader;
import com.kaphera.cloud.web.problem.ConstraintViolationExceptionMapper;
import com.kaphera.cloud.web.problem.DomainExceptionMapper;
import com.kaphera.cloud.web.problem.FaultToleranceExceptionMapper;
import com.kaphera.cloud.web.problem.UnavailableExceptionMapper;
import com.kaphera.cloud.web.problem.UnexpectedExceptionMapper;
import com.kaphera.cloud.web.problem.WebApplicationExceptionMapper;
import com.kaphera.cloud.web.security.AuthorisationFilter;
import com.kaphera.cloud.audit.api.AuditFilter;
import com.kaphera.cloud.audit.api.OrganisationAuditResource;
import com.kaphera.cloud.audit.api.PlatformAuditResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The JAX-RS application. Resources are registered per feature, and only for the features this
 * edition enables: a disabled feature's paths do not exist (404 problem+json), they are not hidden
 * behind a check.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "kaphera")
@OpenAPIDefinition(
        info = @Info(title = "Kaphera Cloud Server API", version = "v1",
                description = "Control plane for joining industrial dataspaces. Start with GET /capabilities."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class KapheraApplication extends Application {

    private static final List<Class<?>> PROVIDERS = List.of(
            AuthorisationFilter.class,
            AuditFilter.class,
            JsonRecordReader.class,
            JsonObjectReader.class,
            WatchNegotiationFilter.class,
            JsonConfig.class,
            DomainExceptionMapper.class,
            WebApplicationExceptionMapper.class,
            ConstraintViolationExceptionMapper.class,
            UnavailableExceptionMapper.class,
            FaultToleranceExceptionMapper.class,
            UnexpectedExceptionMapper.class);

    private static final Map<Feature, List<Class<?>>> RESOURCES = new EnumMap<>(Map.ofEntries(Map.entry(
            Feature.ORGANISATIONS, List.of(OrganisationResource.class)),
            Map.entry(Feature.RESOURCE_TYPES, List.of(ResourceTypeResource.class)),
            Map.entry(Feature.RESOURCES, List.of(CustomResourceResource.class)),
            Map.entry(Feature.CUSTOMER_ACCOUNTS, List.of(CustomerAccountResource.class)),
            Map.entry(Feature.FLEET, List.of(FleetResource.class)),
            Map.entry(Feature.AUDIT, List.of(OrganisationAuditResource.class, PlatformAuditResource.class)),
            Map.entry(Feature.DIRECTORY, List.of(DirectoryResource.class)),
            Map.entry(Feature.GOVERNANCE, List.of(DataspaceResource.class, DataspaceRequestResource.class,
                    MembershipRequestResource.class, MembershipResource.class)),
            Map.entry(Feature.CREDENTIAL_ISSUER, List.of(DcpResource.class, OrganisationCredentialResource.class,
                    DataspaceCredentialResource.class, IssuerKeyResource.class, CredentialVerificationResource.class)),
            Map.entry(Feature.JOINS, List.of(com.kaphera.cloud.join.api.JoinResource.class,
                    com.kaphera.cloud.join.api.DataspaceJoinResource.class)),
            Map.entry(Feature.BILLING, List.of(com.kaphera.cloud.billing.api.plans.PlanResource.class,
                    com.kaphera.cloud.billing.api.plans.SubscriptionResource.class,
                    com.kaphera.cloud.billing.api.preview.CostPreviewResource.class,
                    com.kaphera.cloud.billing.api.invoices.OrganisationInvoiceResource.class,
                    com.kaphera.cloud.billing.api.invoices.AccountInvoiceResource.class,
                    com.kaphera.cloud.billing.api.invoices.BillingInvoiceResource.class,
                    com.kaphera.cloud.billing.api.invoices.BillingRunResource.class,
                    UsageReportResource.class, UsageExportResource.class))));

    @Override
    public Set<Class<?>> getClasses() {
        Features features = Features.from(ConfigProvider.getConfig());
        Set<Class<?>> classes = new HashSet<>(PROVIDERS);
        classes.add(CapabilitiesResource.class);
        classes.add(MeResource.class);
        RESOURCES.forEach((feature, resources) -> {
            if (features.isEnabled(feature)) {
                classes.addAll(resources);
            }
        });
        return classes;
    }
}
