package org.rfc644.ncp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rfc644.ncp.wire.ControlCommandGoldenTest.hex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing of control commands into control messages of at most 120 octets of text. */
class ControlCommandEncoderTest {

    @Test
    void packsTwelveRtsIntoOneText() {
        List<ControlCommand> commands = Collections.nCopies(12, new Rts(232, 3, 5));

        List<byte[]> texts = ControlCommandEncoder.encodeTexts(commands);

        assertEquals(1, texts.size());
        assertEquals(120, texts.get(0).length);
    }

    @Test
    void startsNewTextRatherThanSplit() {
        List<ControlCommand> commands = new ArrayList<>(
                Collections.nCopies(11, new Rts(232, 3, 5)));
        commands.add(new Cls(232, 3));
        commands.add(new All(5, 1, 8));

        List<byte[]> texts = ControlCommandEncoder.encodeTexts(commands);

        assertEquals(2, texts.size());
        assertEquals(119, texts.get(0).length);
        assertArrayEquals(hex("04 05 0001 00000008"), texts.get(1));
    }

    @Test
    void sendsOneRstPerText() {
        List<ControlCommand> commands = List.of(new Rst(), new Nop(), new Rst(), new Rrp());

        List<byte[]> texts = ControlCommandEncoder.encodeTexts(commands);

        assertEquals(2, texts.size());
        assertArrayEquals(hex("0c 00"), texts.get(0));
        assertArrayEquals(hex("0c 0d"), texts.get(1));
    }

    @Test
    void encodesNothingToNoText() {
        assertEquals(List.of(), ControlCommandEncoder.encodeTexts(List.of()));
    }

    @Test
    void buildsControlMessagesForHost() {
        List<HostMessage> messages = ControlCommandEncoder.encodeMessages(7,
                List.of(new Eco(1), new Rts(232, 3, 5)));

        assertEquals(1, messages.size());
        HostMessage message = messages.get(0);
        assertEquals(new Leader(Leader.REGULAR, 7, 0), message.leader());
        assertEquals(8, message.byteSize());
        assertEquals(12, message.byteCount());
        assertArrayEquals(hex("09 01 01 000000e8 00000003 05"), message.text());
    }

    @Test
    void randomListsPackMinimallyAndDecodeBack() {
        Random random = new Random(644);
        RandomCommands generator = new RandomCommands(random);

        for (int iteration = 0; iteration < 2_000; iteration++) {
            List<ControlCommand> commands = generator.list(random.nextInt(60));

            List<byte[]> texts = ControlCommandEncoder.encodeTexts(commands);

            List<ControlCommand> decoded = new ArrayList<>();
            for (int index = 0; index < texts.size(); index++) {
                byte[] text = texts.get(index);
                assertTrue(text.length <= 120, "text of " + text.length + " octets");
                DecodedControlMessage message = ControlCommandDecoder.decode(text);
                assertTrue(message.error().isEmpty(), () -> message.error().get().detail());
                assertTrue(message.commands().stream().filter(c -> c instanceof Rst).count() <= 1,
                        "more than one RST in a control message");
                if (index + 1 < texts.size()) {
                    assertNextCommandDidNotFit(text, message.commands(), texts.get(index + 1));
                }
                decoded.addAll(message.commands());
            }
            assertEquals(commands, decoded);
        }
    }

    /** The first command of the next text must not have fitted into {@code text}. */
    private static void assertNextCommandDidNotFit(byte[] text, List<ControlCommand> commands,
                                                   byte[] nextText) {
        ControlCommand first = ControlCommandDecoder.decode(nextText).commands().get(0);
        boolean tooLong = text.length + first.length() > 120;
        boolean secondRst = first instanceof Rst
                && commands.stream().anyMatch(command -> command instanceof Rst);
        assertTrue(tooLong || secondRst, "a " + first + " would have fitted after "
                + text.length + " octets");
    }
}
