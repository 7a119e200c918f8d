package com.kaphera.cloud.join;

import java.util.Map;

/** The join flow's figures over JMX ({@value JoinMonitor#OBJECT_NAME}). */
public interface JoinsMXBean {
    /** Joins not final (running or waiting for a person), across all organisations. */
    long getInFlight();

    /** Joins per state, from the database (all servers). */
    Map<String, Long> getByState();

    /** Joins waiting for a person (the authority or the applicant). */
    long getWaitingForPerson();

    /** Joins running but overdue by more than five minutes (no worker took them): should be 0. */
    long getStuck();

    /** Mean and max duration of completed steps since this server started, per step (milliseconds). */
    Map<String, Double> getMeanStepMillis();

    Map<String, Double> getMaxStepMillis();

    /** Failed attempts retried since start (this server). */
    long getRetries();

    /** Joins that failed since start (this server). */
    long getFailures();

    /** Joins that succeeded since start (this server), and their mean time from POST to succeeded. */
    long getSucceeded();

    double getMeanJoinSeconds();
}
