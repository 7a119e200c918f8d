package com.kaphera.cloud.operations;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** Publishing the server's MXBeans on the platform MBean server, the one way it is done here. */
public final class MBeans {
    private static final Logger LOG = Logger.getLogger(MBeans.class.getName());

    private MBeans() {
    }

    /**
     * Registers {@code bean} (the bean instance itself, not a container proxy: attribute reads are
     * plain getters) under {@code objectName}, replacing a leftover of an earlier deployment. Returns
     * the name to unregister with, or null when registration failed (logged; JMX is not worth failing
     * the application for).
     */
    public static <T> ObjectName register(String objectName, T bean, Class<T> mxbeanInterface) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(objectName);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(bean, mxbeanInterface, true), name);
            return name;
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Could not register " + objectName, e);
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        try {
            if (name != null) {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.log(Level.FINE, "MBean already gone", e);
        }
    }
}
