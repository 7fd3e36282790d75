package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MailAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            alice@HOST-A                        | alice         | HOST-A   | -
            ALICE at HOST-A                     | ALICE         | HOST-A   | -
            USER1 at SU-AI (Person One)         | USER1         | SU-AI    | Person One
            Alice Smith <alice@HOST-A>          | alice         | HOST-A   | Alice Smith
            alice@HOST-A (Alice Smith)          | alice         | HOST-A   | Alice Smith
            "Smith, Alice" <alice at HOST-A>    | alice         | HOST-A   | Smith, Alice
            <@HOST-C,@HOST-D:alice@HOST-A>      | alice         | HOST-A   | -
            <@UTAH-CS:USER1@HP-HULK>            | USER1         | HP-HULK  | -
            Person One <USER1>                  | USER1         | -        | Person One
            User2                               | User2         | -        | -
            USER1@HP-HULK at HP-VENUS           | USER1@HP-HULK | HP-VENUS | -
            bug-midas%MIT-OZ@MIT-XX.ARPA        | bug-midas%MIT-OZ | MIT-XX.ARPA | -
            "john doe"@HOST-A                   | "john doe"    | HOST-A   | -
            "at home" at HOST-A                 | "at home"     | HOST-A   | -
            """)
    void parsesAddressForm(String text, String user, String host, String displayName) {
        MailAddress address = MailAddress.parse(text);

        assertEquals(user, address.user());
        assertEquals(Optional.ofNullable(host), address.host());
        assertEquals(Optional.ofNullable(displayName), address.displayName());
    }

    @Test
    void rejectsAddressWithoutUser() {
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("@"));
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("  "));
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("<@HOST-A>"));
    }

    @Test
    void parsesListWithGroupAndQuotedComma() {
        List<MailAddress> addresses = MailAddress.parseList(
                "\"Smith, Alice\" <alice@HOST-A>, Friends: bob at HOST-B, carol@HOST-C;, dave");

        assertEquals(List.of("alice@HOST-A", "bob@HOST-B", "carol@HOST-C", "dave"),
                addresses.stream().map(MailAddress::mailbox).toList());
    }

    @Test
    void parsesEmptyGroup() {
        assertEquals(List.of(), MailAddress.parseList("Hermes-Friends:"));
    }

    @Test
    void hostComparesIgnoringCase() {
        MailAddress address = MailAddress.parse("alice@host-a");

        assertEquals(true, address.isAtHost("HOST-A"));
        assertEquals(MailAddress.parse("alice at HOST-A"), address);
    }
}
