package io.paxsim.sim;

public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR
}
