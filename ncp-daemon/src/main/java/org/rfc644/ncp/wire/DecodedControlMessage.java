package org.rfc644.ncp.wire;

import java.util.List;
import java.util.Optional;

/**
 * The result of decoding the text of one control message.
 *
 * @param commands the commands decoded in order, up to the first error
 * @param error the first error, after which decoding stopped; empty when the whole text decoded
 */
public record DecodedControlMessage(List<ControlCommand> commands, Optional<ControlError> error) {

    public DecodedControlMessage {
        commands = List.copyOf(commands);
    }
}
