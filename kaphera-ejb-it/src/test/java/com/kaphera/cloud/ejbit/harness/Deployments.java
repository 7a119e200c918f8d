package com.kaphera.cloud.ejbit.harness;

import com.kaphera.cloud.ejbit.support.ServiceCalls;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one test deployment: the EJB module and the libraries exactly as the built EAR ships them
 * (Hibernate, Flyway with db-migrations, ...), and a test WAR in place of the HTTP edge holding the
 * test classes and their in-container helpers.
 */
public final class Deployments {
    static final String EJB_MODULE = "kaphera-managed-ejb.jar";
    private static final String TEST_WAR = "services-test.war";

    private Deployments() {
    }

    public static EnterpriseArchive services(Class<?> testClass) {
        EnterpriseArchive built = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, TestServer.builtEar().toFile());
        EnterpriseArchive ear = ShrinkWrap.create(EnterpriseArchive.class, "kaphera-services-test.ear");
        ear.merge(built, path -> path.get().startsWith("/lib/") || path.get().equals("/" + EJB_MODULE));
        WebArchive war = ShrinkWrap.create(WebArchive.class, TEST_WAR)
                .addClass(testClass)
                .addPackage(ServiceCalls.class.getPackage())
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        ear.addAsModule(war);
        ear.setApplicationXML(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <application xmlns="https://jakarta.ee/xml/ns/jakartaee" version="10">
                  <display-name>kaphera-services-test</display-name>
                  <module><ejb>%s</ejb></module>
                  <module><web><web-uri>%s</web-uri><context-root>/services-test</context-root></web></module>
                  <library-directory>lib</library-directory>
                </application>
                """.formatted(EJB_MODULE, TEST_WAR)));
        return ear;
    }
}
