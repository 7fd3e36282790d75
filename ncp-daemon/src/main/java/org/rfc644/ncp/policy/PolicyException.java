package org.rfc644.ncp.policy;

import java.io.IOException;

/** A policy file that cannot be used: a line is invalid or names an unknown user. */
public class PolicyException extends IOException {

    public PolicyException(String message) {
        super(message);
    }
}
