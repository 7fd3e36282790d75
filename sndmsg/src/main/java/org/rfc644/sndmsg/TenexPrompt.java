package org.rfc644.sndmsg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;

/**
 * The dialogue of TENEX's SNDMSG: it prompts for {@code To:}, {@code cc:} and {@code Subject:},
 * then takes the text until a line holding only "." or the end of input.
 */
final class TenexPrompt {

    private final BufferedReader in;
    private final PrintStream out;
    private final Charset charset;

    TenexPrompt(BufferedReader in, PrintStream out, Charset charset) {
        this.in = in;
        this.out = out;
        this.charset = charset;
    }

    /**
     * Runs the dialogue.
     *
     * @throws IOException when the input ends before a recipient was given
     */
    Draft ask() throws IOException {
        List<String> to = RecipientArguments.fromLine(prompt("To: "));
        if (to.isEmpty()) {
            throw new IOException("no recipient given at the To: prompt");
        }
        List<String> cc = RecipientArguments.fromLine(prompt("cc: "));
        String subject = prompt("Subject: ").strip();

        out.println("Message (end with a line holding only \".\", or end of input):");
        out.flush();
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            text.append(line).append("\r\n");
        }
        return new Draft(to, cc, subject, text.toString().getBytes(charset));
    }

    private String prompt(String label) throws IOException {
        out.print(label);
        out.flush();
        String line = in.readLine();
        return line == null ? "" : line;
    }
}
