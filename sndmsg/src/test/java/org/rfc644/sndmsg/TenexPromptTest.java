package org.rfc644.sndmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenexPromptTest {

    @Test
    void promptsLikeSndmsg() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        Draft draft = ask("bob@HOST-B, CAROL at HOST-C\ndave@HOST-D\nLunch\nAt noon?\n.\nnot read\n",
                output);

        assertEquals(List.of("bob@HOST-B", "CAROL at HOST-C"), draft.to());
        assertEquals(List.of("dave@HOST-D"), draft.cc());
        assertEquals("Lunch", draft.subject());
        assertEquals("At noon?\r\n", new String(draft.body(), StandardCharsets.UTF_8));
        assertEquals("To: cc: Subject: Message (end with a line holding only \".\", or end of input):\n",
                output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void endOfInputEndsText() throws Exception {
        Draft draft = ask("bob@HOST-B\n\n\nfirst\nsecond", new ByteArrayOutputStream());

        assertEquals(List.of(), draft.cc());
        assertEquals("", draft.subject());
        assertEquals("first\r\nsecond\r\n", new String(draft.body(), StandardCharsets.UTF_8));
    }

    @Test
    void rejectsEmptyTo() {
        assertThrows(IOException.class, () -> ask("\n", new ByteArrayOutputStream()));
    }

    private static Draft ask(String input, ByteArrayOutputStream output) throws IOException {
        TenexPrompt prompt = new TenexPrompt(new BufferedReader(new StringReader(input)),
                new PrintStream(output, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return prompt.ask();
    }
}
