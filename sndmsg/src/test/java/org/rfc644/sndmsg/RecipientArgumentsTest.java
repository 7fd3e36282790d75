package org.rfc644.sndmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientArgumentsTest {

    @Test
    void joinsAtWordsAcrossArguments() {
        assertEquals(List.of("BOB at HOST-B", "carol@HOST-C"),
                RecipientArguments.fromArguments(List.of("BOB", "at", "HOST-B", "carol@HOST-C")));
    }

    @Test
    void keepsAtFormInOneArgument() {
        assertEquals(List.of("BOB at HOST-B"),
                RecipientArguments.fromArguments(List.of("BOB at HOST-B")));
    }

    @Test
    void splitsCommaSeparatedArgument() {
        assertEquals(List.of("bob@HOST-B", "carol@HOST-C"),
                RecipientArguments.fromArguments(List.of("bob@HOST-B,carol@HOST-C")));
    }

    @Test
    void splitsPromptLine() {
        assertEquals(List.of("bob@HOST-B", "CAROL at HOST-C"),
                RecipientArguments.fromLine(" bob@HOST-B,  CAROL   at HOST-C ,"));
    }
}
